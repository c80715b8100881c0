package com.provider.douyin.client.dto;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An int64 field that Douyin may send as a JSON integer or as a decimal-integer string (PROTOCOL.md 2c: the
 * platform's SDK types amounts, times and several codes as strings). Read exactly by
 * {@link Int64Deserializer}; anything else (a float, an exponent, {@code "12.0"}, a boolean) fails the answer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonDeserialize(using = Int64Deserializer.class)
public @interface Int64 {
}
