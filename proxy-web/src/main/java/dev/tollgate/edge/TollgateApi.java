package dev.tollgate.edge;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The Claude-compatible API, served at the root like api.anthropic.com. */
@ApplicationPath("/")
public class TollgateApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                // Jersey buffers the first 8 KiB of every entity to compute Content-Length, which
                // holds back server-sent events; 0 sends them chunked the moment they are flushed
                "jersey.config.server.contentLength.buffer",
                0,
                // no WADL: nobody reads it, and it answers OPTIONS with XML instead of the API's shape
                "jersey.config.server.wadl.disableWadl",
                true);
    }
}
