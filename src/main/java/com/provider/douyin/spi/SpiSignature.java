package com.provider.douyin.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * Douyin's SPI signature (PROTOCOL.md section 3): {@code secret&k1=v1&k2=v2&http_body=<raw body>},
 * query parameters in ascending key order without {@code sign}; SHA-256 for {@code x-life-sign},
 * MD5 for the legacy {@code sign} parameter. The digest is fed piece by piece, so the body is never copied.
 */
public final class SpiSignature {

    public enum Algorithm {
        SHA256("SHA-256"), MD5("MD5");

        final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }
    }

    private static final byte[] AMPERSAND = {'&'};
    private static final byte[] HTTP_BODY = "&http_body=".getBytes(StandardCharsets.US_ASCII);

    private SpiSignature() {
    }

    /** The digest of the string to sign; {@code query} must be sorted and may hold {@code sign}, which is skipped. */
    public static byte[] digest(Algorithm algorithm, String secret, SortedMap<String, String> query, byte[] body) {
        MessageDigest md = newDigest(algorithm);
        md.update(secret.getBytes(StandardCharsets.UTF_8));
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if ("sign".equals(parameter.getKey())) {
                continue;
            }
            md.update(AMPERSAND);
            md.update((parameter.getKey() + "=" + parameter.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        md.update(HTTP_BODY);
        md.update(body);
        return md.digest();
    }

    public static String hex(Algorithm algorithm, String secret, SortedMap<String, String> query, byte[] body) {
        return HexFormat.of().formatHex(digest(algorithm, secret, query, body));
    }

    /** Constant-time comparison of a presented hex signature (any case) with the expected digest. */
    public static boolean matches(byte[] expected, String presentedHex) {
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(presentedHex.trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented);
    }

    private static MessageDigest newDigest(Algorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JCA lacks " + algorithm.jcaName, e);
        }
    }
}
