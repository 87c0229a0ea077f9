package dev.tollgate.journal.control;

import dev.tollgate.journal.entity.JournalRecord;
import dev.tollgate.messages.entity.Header;
import dev.tollgate.messages.entity.SseEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The binary form of a {@link JournalRecord} in the spill journal: every field, bodies and events
 * included, so a replayed record becomes exactly the row it would have been. A version byte lets a
 * later Tollgate read what an earlier one spilled.
 */
final class SpillCodec {

    static final int VERSION = 1;

    private SpillCodec() {}

    static byte[] encode(JournalRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimateSize(record));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeUuid(out, record.requestId());
            Instant received = record.receivedAt().toInstant();
            out.writeLong(received.getEpochSecond());
            out.writeInt(received.getNano());
            writeString(out, record.method());
            writeString(out, record.path());
            writeString(out, record.query());
            writeString(out, record.trainId());
            writeString(out, record.domain());
            writeString(out, record.accountId());
            writeString(out, record.apiKeyHash());
            writeString(out, record.clientAddress());
            writeHeaders(out, record.requestHeaders());
            writeBytes(out, record.requestBody());
            writeString(out, record.requestModel());
            out.writeBoolean(record.streaming());
            out.writeInt(record.responseStatus());
            writeHeaders(out, record.responseHeaders());
            writeBytes(out, record.responseBody());
            out.writeInt(record.events().size());
            for (SseEvent event : record.events()) {
                out.writeLong(event.offsetMillis());
                writeString(out, event.event());
                writeString(out, event.data());
            }
            out.writeLong(record.firstTokenMs() == null ? -1 : record.firstTokenMs());
            out.writeLong(record.durationMs());
            writeString(out, record.error());
            out.writeInt(record.attempt());
            writeUuid(out, record.finalRequestId());
            writeString(out, record.failedOverFrom());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static JournalRecord decode(byte[] encoded) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded));
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new IOException("spilled record of unknown version " + version);
        }
        UUID requestId = readUuid(in);
        OffsetDateTime receivedAt =
                Instant.ofEpochSecond(in.readLong(), in.readInt()).atOffset(ZoneOffset.UTC);
        String method = readString(in);
        String path = readString(in);
        String query = readString(in);
        String trainId = readString(in);
        String domain = readString(in);
        String accountId = readString(in);
        String apiKeyHash = readString(in);
        String clientAddress = readString(in);
        List<Header> requestHeaders = readHeaders(in);
        byte[] requestBody = readBytes(in);
        String requestModel = readString(in);
        boolean streaming = in.readBoolean();
        int status = in.readInt();
        List<Header> responseHeaders = readHeaders(in);
        byte[] responseBody = readBytes(in);
        int eventCount = in.readInt();
        List<SseEvent> events = new ArrayList<>(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events.add(new SseEvent(in.readLong(), readString(in), readString(in)));
        }
        long firstToken = in.readLong();
        long duration = in.readLong();
        String error = readString(in);
        int attempt = in.readInt();
        UUID finalRequestId = readUuid(in);
        String failedOverFrom = readString(in);
        return new JournalRecord(
                requestId,
                receivedAt,
                method,
                path,
                query,
                trainId,
                domain,
                accountId,
                apiKeyHash,
                clientAddress,
                requestHeaders,
                requestBody,
                requestModel,
                streaming,
                status,
                responseHeaders,
                responseBody,
                events,
                firstToken < 0 ? null : firstToken,
                duration,
                error,
                attempt,
                finalRequestId,
                failedOverFrom);
    }

    private static int estimateSize(JournalRecord record) {
        int size = 512;
        size += record.requestBody() == null ? 0 : record.requestBody().length;
        size += record.responseBody() == null ? 0 : record.responseBody().length;
        for (SseEvent event : record.events()) {
            size += 16 + (event.data() == null ? 0 : event.data().length());
        }
        return size;
    }

    private static void writeHeaders(DataOutputStream out, List<Header> headers) throws IOException {
        out.writeInt(headers.size());
        for (Header header : headers) {
            writeString(out, header.name());
            writeString(out, header.value());
        }
    }

    private static List<Header> readHeaders(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Header> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            headers.add(new Header(readString(in), readString(in)));
        }
        return headers;
    }

    private static void writeUuid(DataOutputStream out, UUID id) throws IOException {
        out.writeBoolean(id != null);
        if (id != null) {
            out.writeLong(id.getMostSignificantBits());
            out.writeLong(id.getLeastSignificantBits());
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    /** Strings as UTF-8 bytes with a length (writeUTF is limited to 64 KB, event data is not). */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        writeBytes(out, value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] bytes = readBytes(in);
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
