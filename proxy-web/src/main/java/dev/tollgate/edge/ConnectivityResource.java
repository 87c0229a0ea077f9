package dev.tollgate.edge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Claude Code checks connectivity with an unauthenticated {@code HEAD /}: answer at once, touch nothing. */
@Path("/")
@ApplicationScoped
public class ConnectivityResource {

    @HEAD
    public Response head() {
        return Response.ok().build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String describe() {
        return "{\"service\":\"tollgate\",\"api\":\"/v1/messages\",\"dashboard\":\"/dashboard\"}";
    }
}
