package com.provider.console.view;

import io.quarkus.qute.i18n.Localized;
import io.quarkus.qute.i18n.Message;

/** The console's words in English, for an Accept-Language that prefers English. */
@Localized("en")
public interface EnglishMessages extends ConsoleMessages {

    @Message("After-sale console")
    String app_title();

    @Message("Sign in")
    String login_title();

    @Message("Name")
    String login_username();

    @Message("Password")
    String login_password();

    @Message("Sign in")
    String login_submit();

    @Message("Wrong name or password.")
    String login_failed();

    @Message("Too many failed sign-ins: try again in {seconds} s.")
    String login_blocked(long seconds);

    @Message("Sign out")
    String logout();

    @Message("{name} ({#if role == 'auditor'}auditor{#else}viewer{/if})")
    String signed_in_as(String name, String role);

    @Message("Pending audits")
    String nav_pending();

    @Message("Scenic and after-sale")
    String nav_orders();

    @Message("Queues")
    String nav_queues();

    @Message("Callback inbox")
    String nav_inbox();

    @Message("Cancellations waiting for an audit (oldest first)")
    String pending_title();

    @Message("No cancellation is waiting for an audit.")
    String pending_none();

    @Message("Cancel id")
    String cancel_id();

    @Message("Order id")
    String order_id();

    @Message("Refund")
    String refund_amount();

    @Message("Rule that sent it to audit")
    String rule();

    @Message("Received")
    String received_at();

    @Message("Time left")
    String time_left();

    @Message("{#if result == 'agree'}agreed{#else}rejected{/if} by default in {minutes} min")
    String time_left_minutes(long minutes, String result);

    @Message("overdue: {#if result == 'agree'}agreed{#else}rejected{/if} by default any moment")
    String time_left_overdue(String result);

    @Message("no deadline")
    String time_left_none();

    @Message("Decision")
    String decision();

    @Message("Agree")
    String agree();

    @Message("Reject")
    String reject();

    @Message("Reason to reject")
    String reject_reason();

    @Message("Recent decisions")
    String recent_title();

    @Message("Decided by")
    String decided_by();

    @Message("Decided at")
    String decided_at();

    @Message("Delivery")
    String delivery();

    @Message("waiting to be sent (attempt {attempts})")
    String delivery_pending(int attempts);

    @Message("sent to Douyin, log id {logId}")
    String delivery_sent(String logId);

    @Message("failed: {error}")
    String delivery_failed(String error);

    @Message("Redeliver")
    String redeliver();

    @Message("Details")
    String details();

    @Message("Cancellation")
    String nav_cancellation();

    @Message("Cancellation {cancelId}")
    String cancellation_title(String cancelId);

    @Message("Fields")
    String fields();

    @Message("Refund nights")
    String nights();

    @Message("Rate plan")
    String rate_plan();

    @Message("Refund per night")
    String daily_refund();

    @Message("Period")
    String period();

    @Message("Answer given to Douyin")
    String answer_title();

    @Message("History")
    String history_title();

    @Message("Who")
    String who();

    @Message("When")
    String when();

    @Message("Status")
    String status();

    @Message("Note")
    String note();

    @Message("Attempts")
    String attempts();

    @Message("Last attempt")
    String last_outcome();

    @Message("Last error")
    String last_error();

    @Message("Next attempt")
    String next_attempt();

    @Message("Douyin log id")
    String platform_log_id();

    @Message("Sent at")
    String sent_at();

    @Message("Why it stopped")
    String failure_reason();

    @Message("Delivery note")
    String delivery_note();

    @Message("Not found.")
    String not_found();

    @Message("Scenic refund notices and after-sale orders")
    String orders_title();

    @Message("Look up by order id.")
    String orders_hint();

    @Message("Search")
    String search();

    @Message("Scenic refund audit notices")
    String notices_title();

    @Message("Certificate")
    String certificate();

    @Message("Audit result")
    String audit_result();

    @Message("Refunded")
    String refund_count();

    @Message("After-sale orders")
    String after_sales_title();

    @Message("After-sale id")
    String after_sale_id();

    @Message("Synced")
    String synced_at();

    @Message("Synced by")
    String synced_by();

    @Message("the sync queue")
    String synced_by_queue();

    @Message("Sync now")
    String sync_now();

    @Message("Synced {count} after-sale order(s) from Douyin (log id {logId}).")
    String synced(int count, String logId);

    @Message("Sync failed: {error}")
    String sync_failed(String error);

    @Message("Queues")
    String queues_title();

    @Message("After-sale sync queue")
    String sync_queue_title();

    @Message("Decision outbox (waiting and failed)")
    String outbox_title();

    @Message("Job")
    String job();

    @Message("Requeue")
    String requeue();

    @Message("requeued by {who}")
    String requeued(String who);

    @Message("Callback inbox")
    String inbox_title();

    @Message("Log id")
    String log_id();

    @Message("Business key")
    String business_key();

    @Message("Outcome")
    String outcome();

    @Message("any")
    String any();

    @Message("From")
    String from();

    @Message("To")
    String to();

    @Message("SPI")
    String spi();

    @Message("Answered")
    String answered();

    @Message("The call as received")
    String received_call();

    @Message("Headers and query as kept")
    String headers_kept();

    @Message("Body")
    String body();

    @Message("What Douyin was told")
    String answer_given();

    @Message("No call matches.")
    String inbox_none();

    @Message("none")
    String none();
}
