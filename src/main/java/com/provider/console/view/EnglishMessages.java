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
}
