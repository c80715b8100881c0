package com.provider.common.rest;

import jakarta.ws.rs.BadRequestException;

/** Validated paging parameters of an operator listing. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 200;

    public static PageRequest of(String page, String size) {
        int p = number("page", page, 0);
        int s = number("size", size, 20);
        if (p < 0) {
            throw new BadRequestException("page must be 0 or more");
        }
        if (s < 1 || s > MAX_SIZE) {
            throw new BadRequestException("size must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(p, s);
    }

    private static int number(String name, String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a whole number");
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
