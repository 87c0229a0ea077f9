package dev.tollgate.journal.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One server-sent event of a streamed response, as it arrived. */
@Entity
@Table(name = "streaming_chunks")
@IdClass(StreamingChunk.Key.class)
public class StreamingChunk {

    /** The composite key: a request's events are numbered from 0. A class, as JPA sets its fields. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String requestId;
        private int chunkIndex;

        public Key() {}

        public Key(String requestId, int chunkIndex) {
            this.requestId = requestId;
            this.chunkIndex = chunkIndex;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && chunkIndex == key.chunkIndex && Objects.equals(requestId, key.requestId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, chunkIndex);
        }
    }

    @Id
    @Column(name = "request_id")
    private String requestId;

    @Id
    @Column(name = "chunk_index")
    private int chunkIndex;

    private OffsetDateTime timestamp;
    private String event;
    private String data;

    @Column(name = "token_count")
    private int tokenCount;

    protected StreamingChunk() {
        // for JPA
    }

    public StreamingChunk(
            String requestId, int chunkIndex, OffsetDateTime timestamp, String event, String data, int tokenCount) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.chunkIndex = chunkIndex;
        this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
        this.event = event;
        this.data = data == null ? "" : data;
        this.tokenCount = tokenCount;
    }
}
