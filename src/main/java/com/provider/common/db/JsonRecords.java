package com.provider.common.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes the one JSON parameter of a statement that binds its values by name ({@code json_to_recordset($1::text::json)
 * AS r(name type, ...)} or {@code json_populate_record(NULL::table, $1::text::json)}): an array of records, or one
 * record, whose fields are named like the statement's columns. Integers are written exactly (PostgreSQL reads them
 * into {@code bigint} without rounding); a null value is written as null. Sent as text: a Java string bound to a
 * {@code json} parameter would be sent as one JSON string.
 */
public final class JsonRecords {

    private static final JsonFactory JSON = new JsonFactory();

    private final StringWriter text;
    private final JsonGenerator out;
    private boolean oneRecord;

    private JsonRecords(int expectedLength) {
        text = new StringWriter(expectedLength);
        try {
            out = JSON.createGenerator(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
    }

    /** Starts an array of records; {@code expectedLength} sizes the buffer. */
    public static JsonRecords array(int expectedLength) {
        JsonRecords records = new JsonRecords(expectedLength);
        records.run(() -> records.out.writeStartArray());
        return records;
    }

    /** Starts one record (its fields follow; {@link #end} ends it). */
    public static JsonRecords record(int expectedLength) {
        JsonRecords records = new JsonRecords(expectedLength);
        records.oneRecord = true;
        return records.startRecord();
    }

    public JsonRecords startRecord() {
        return run(out::writeStartObject);
    }

    public JsonRecords endRecord() {
        return run(out::writeEndObject);
    }

    public JsonRecords startArray(String name) {
        return run(() -> out.writeArrayFieldStart(name));
    }

    public JsonRecords endArray() {
        return run(out::writeEndArray);
    }

    public JsonRecords string(String name, String value) {
        return run(() -> {
            if (value == null) {
                out.writeNullField(name);
            } else {
                out.writeStringField(name, value);
            }
        });
    }

    public JsonRecords number(String name, Long value) {
        return run(() -> {
            if (value == null) {
                out.writeNullField(name);
            } else {
                out.writeNumberField(name, value.longValue());
            }
        });
    }

    public JsonRecords number(String name, Integer value) {
        return run(() -> {
            if (value == null) {
                out.writeNullField(name);
            } else {
                out.writeNumberField(name, value.intValue());
            }
        });
    }

    public JsonRecords bool(String name, Boolean value) {
        return run(() -> {
            if (value == null) {
                out.writeNullField(name);
            } else {
                out.writeBooleanField(name, value);
            }
        });
    }

    /** Ends the array (or the one record) and returns the parameter's text. */
    public String end() {
        run(() -> {
            if (oneRecord) {
                out.writeEndObject();
            } else {
                out.writeEndArray();
            }
            out.close();
        });
        return text.toString();
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonRecords run(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return this;
    }
}
