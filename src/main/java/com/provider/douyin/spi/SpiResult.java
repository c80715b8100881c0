package com.provider.douyin.spi;

/** What a handler made of a call: the answer, and how the call was recorded in the inbox. */
public record SpiResult(SpiAnswer answer, InboxOutcome outcome) {
}
