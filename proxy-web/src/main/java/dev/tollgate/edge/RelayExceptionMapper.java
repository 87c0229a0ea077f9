package dev.tollgate.edge;

import dev.tollgate.relay.entity.RelayException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Tollgate's own refusals and failures, in the Anthropic error shape with Tollgate's request id and
 * the headers the refusal carries ({@code retry-after} of a quota).
 */
@Provider
public class RelayExceptionMapper implements ExceptionMapper<RelayException> {

    @Override
    public Response toResponse(RelayException exception) {
        Response.ResponseBuilder response = Response.status(exception.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(exception.errorBody());
        exception.headers().forEach(header -> response.header(header.name(), header.value()));
        if (exception.requestId() != null) {
            response.header(
                    RelayResponses.REQUEST_ID_HEADER, exception.requestId().toString());
        }
        return response.build();
    }
}
