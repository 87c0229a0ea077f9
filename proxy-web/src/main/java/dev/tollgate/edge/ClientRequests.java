package dev.tollgate.edge;

import dev.tollgate.messages.entity.Header;
import dev.tollgate.relay.entity.ClientRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/** Builds the engine's view of a request from the servlet request: headers in wire order, raw query. */
final class ClientRequests {

    private ClientRequests() {}

    static ClientRequest of(HttpServletRequest servletRequest, String path, boolean withBody) {
        long receivedNanos = System.nanoTime();
        List<Header> headers = new ArrayList<>();
        for (String name : Collections.list(servletRequest.getHeaderNames())) {
            for (String value : Collections.list(servletRequest.getHeaders(name))) {
                headers.add(new Header(name, value));
            }
        }
        InputStream body = null;
        if (withBody) {
            try {
                body = servletRequest.getInputStream();
            } catch (IOException e) {
                body = InputStream.nullInputStream();
            }
        }
        return new ClientRequest(
                UUID.randomUUID(),
                OffsetDateTime.now(ZoneOffset.UTC),
                receivedNanos,
                servletRequest.getMethod(),
                path,
                servletRequest.getQueryString(),
                headers,
                servletRequest.getRemoteAddr(),
                body,
                servletRequest.getContentLengthLong());
    }
}
