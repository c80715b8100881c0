package com.provider.console.view;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The console's words in Chinese, the default; {@link EnglishMessages} has them in English. */
@MessageBundle(value = "msg", locale = "zh-CN")
public interface ConsoleMessages {

    @Message("售后控制台")
    String app_title();

    @Message("登录")
    String login_title();

    @Message("用户名")
    String login_username();

    @Message("密码")
    String login_password();

    @Message("登录")
    String login_submit();

    @Message("用户名或密码错误。")
    String login_failed();

    @Message("登录失败次数过多，请 {seconds} 秒后再试。")
    String login_blocked(long seconds);

    @Message("退出")
    String logout();

    @Message("{name}（{#if role == 'auditor'}审核员{#else}只读{/if}）")
    String signed_in_as(String name, String role);

    @Message("待审核")
    String nav_pending();

    @Message("景区与售后")
    String nav_orders();

    @Message("队列")
    String nav_queues();

    @Message("回调收件箱")
    String nav_inbox();

    @Message("待审核的取消单（最早的在前）")
    String pending_title();

    @Message("没有待审核的取消单。")
    String pending_none();

    @Message("取消单号")
    String cancel_id();

    @Message("订单号")
    String order_id();

    @Message("退款金额")
    String refund_amount();

    @Message("进入审核的规则")
    String rule();

    @Message("收到时间")
    String received_at();

    @Message("默认决定前剩余")
    String time_left();

    @Message("{minutes} 分钟后{#if result == 'agree'}默认同意{#else}默认拒绝{/if}")
    String time_left_minutes(long minutes, String result);

    @Message("已到期，即将{#if result == 'agree'}默认同意{#else}默认拒绝{/if}")
    String time_left_overdue(String result);

    @Message("无期限")
    String time_left_none();

    @Message("决定")
    String decision();

    @Message("同意")
    String agree();

    @Message("拒绝")
    String reject();

    @Message("拒绝理由")
    String reject_reason();

    @Message("最近的决定")
    String recent_title();

    @Message("决定人")
    String decided_by();

    @Message("决定时间")
    String decided_at();

    @Message("投递")
    String delivery();

    @Message("等待投递（第 {attempts} 次尝试）")
    String delivery_pending(int attempts);

    @Message("已送达抖音，log id {logId}")
    String delivery_sent(String logId);

    @Message("投递失败：{error}")
    String delivery_failed(String error);

    @Message("重新投递")
    String redeliver();

    @Message("详情")
    String details();

    @Message("取消单")
    String nav_cancellation();

    @Message("取消单 {cancelId}")
    String cancellation_title(String cancelId);

    @Message("字段")
    String fields();

    @Message("退款间夜")
    String nights();

    @Message("价格计划")
    String rate_plan();

    @Message("每晚退款")
    String daily_refund();

    @Message("时段")
    String period();

    @Message("给抖音的应答")
    String answer_title();

    @Message("历史")
    String history_title();

    @Message("操作人")
    String who();

    @Message("时间")
    String when();

    @Message("状态")
    String status();

    @Message("说明")
    String note();

    @Message("尝试次数")
    String attempts();

    @Message("最近一次结果")
    String last_outcome();

    @Message("最近错误")
    String last_error();

    @Message("下次尝试")
    String next_attempt();

    @Message("抖音 log id")
    String platform_log_id();

    @Message("送达时间")
    String sent_at();

    @Message("失败原因")
    String failure_reason();

    @Message("投递说明")
    String delivery_note();

    @Message("未找到。")
    String not_found();

    @Message("景区核销退款通知与售后单")
    String orders_title();

    @Message("按订单号查询。")
    String orders_hint();

    @Message("查询")
    String search();

    @Message("景区退款审核通知")
    String notices_title();

    @Message("券码")
    String certificate();

    @Message("审核结果")
    String audit_result();

    @Message("退款份数")
    String refund_count();

    @Message("售后单")
    String after_sales_title();

    @Message("售后单号")
    String after_sale_id();

    @Message("同步时间")
    String synced_at();

    @Message("同步人")
    String synced_by();

    @Message("同步队列")
    String synced_by_queue();

    @Message("立即同步")
    String sync_now();

    @Message("已从抖音同步 {count} 个售后单（log id {logId}）。")
    String synced(int count, String logId);

    @Message("同步失败：{error}")
    String sync_failed(String error);

    @Message("队列")
    String queues_title();

    @Message("售后同步队列")
    String sync_queue_title();

    @Message("决定发件箱（待投递与失败）")
    String outbox_title();

    @Message("任务")
    String job();

    @Message("重新排队")
    String requeue();

    @Message("已由 {who} 重新排队")
    String requeued(String who);

    @Message("回调收件箱")
    String inbox_title();

    @Message("log id")
    String log_id();

    @Message("业务键")
    String business_key();

    @Message("结果")
    String outcome();

    @Message("全部")
    String any();

    @Message("从")
    String from();

    @Message("到")
    String to();

    @Message("接口")
    String spi();

    @Message("应答")
    String answered();

    @Message("收到的调用")
    String received_call();

    @Message("保存的请求头与查询串")
    String headers_kept();

    @Message("请求体")
    String body();

    @Message("给抖音的应答")
    String answer_given();

    @Message("没有匹配的调用。")
    String inbox_none();

    @Message("无")
    String none();
}
