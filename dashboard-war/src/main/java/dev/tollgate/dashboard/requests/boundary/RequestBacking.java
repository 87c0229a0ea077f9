package dev.tollgate.dashboard.requests.boundary;

import dev.tollgate.dashboard.requests.entity.RequestDetail;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** The page of one request ({@code request.xhtml?id=...}); an unknown or malformed id shows "not found". */
@Named
@RequestScoped
public class RequestBacking {

    @Inject
    RequestQueries queries;

    private String id;
    private RequestDetail detail;
    private boolean loaded;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public RequestDetail getDetail() {
        if (!loaded) {
            detail = queries.detail(id).orElse(null);
            loaded = true;
        }
        return detail;
    }
}
