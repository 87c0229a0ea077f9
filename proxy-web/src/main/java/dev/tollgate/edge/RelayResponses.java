package dev.tollgate.edge;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.relay.boundary.RelayedResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStream;
import java.util.UUID;
import java.util.function.Consumer;

/** Maps the relay's answer to a JAX-RS response: upstream status and headers, body or event stream. */
final class RelayResponses {

    /** Tollgate's id of the request: the journal row's {@code request_id}. */
    static final String REQUEST_ID_HEADER = "x-tollgate-request-id";

    private static final byte[] NOTHING = new byte[0];

    private RelayResponses() {}

    static Response toResponse(RelayedResponse relayed, UUID requestId) {
        Response.ResponseBuilder response = Response.status(relayed.status());
        for (Header header : relayed.headers()) {
            response.header(header.name(), header.value());
        }
        response.header(REQUEST_ID_HEADER, requestId.toString());
        if (relayed.isEventStream()) {
            response.header("x-accel-buffering", "no"); // tells an nginx in front not to buffer the stream
            response.entity(eventStream(relayed::writeTo));
        } else {
            // the body is complete: say how long it is rather than streaming it chunked
            response.header("content-length", relayed.body().length);
            response.entity(relayed.body());
        }
        return response.build();
    }

    /**
     * An event stream whose status and headers go to the client at once, not with its first event:
     * a client sees {@code 200}, the rate-limit headers and the request id while the model is still
     * thinking (the API sends them that way). Jersey commits the response on the first write, even
     * an empty one (with {@code contentLength.buffer} 0), but not on a flush; the flush then pushes
     * the committed headers through the servlet container.
     */
    static StreamingOutput eventStream(Consumer<OutputStream> relay) {
        return client -> {
            client.write(NOTHING);
            client.flush();
            relay.accept(client);
        };
    }
}
