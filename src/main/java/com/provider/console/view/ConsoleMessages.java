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
}
