package com.provider.support;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for what a client library will not do: send the head and only
 * part of a body, send a body slowly, or stop sending and wait for the server's answer. Talks to the port
 * RestAssured talks to (the service under test).
 */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    public static RawHttp connect() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setTcpNoDelay(true);
        return new RawHttp(socket);
    }

    /** A request head; {@code headers} are written as given, in order, then the blank line. */
    public RawHttp head(String method, String pathAndQuery, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
        head.append("Host: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return send(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body. */
    public RawHttp chunk(byte[] bytes) throws IOException {
        return send((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .send(bytes).send("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends as much of {@code bytes} as the server takes within {@code millis}; returns how much that was. */
    public int sendWhileAccepted(byte[] bytes, int millis) throws IOException {
        socket.setSendBufferSize(8192);
        int sent = 0;
        long deadline = System.currentTimeMillis() + millis;
        // Small pieces, so that a server that stopped reading shows as a write that cannot complete.
        while (sent < bytes.length && System.currentTimeMillis() < deadline) {
            int n = Math.min(4096, bytes.length - sent);
            try {
                out.write(bytes, sent, n);
            } catch (IOException closed) {
                break;
            }
            sent += n;
        }
        return sent;
    }

    /** The answer, read within {@code millis}; fails the test if none comes. */
    public Answer answer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before an answer; got: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server closed the connection within {@code millis} (end of stream or reset). */
    public boolean closedByServer(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Answer(int status, Map<String, String> headers, String body) {
    }
}
