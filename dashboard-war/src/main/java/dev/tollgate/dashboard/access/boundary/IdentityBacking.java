package dev.tollgate.dashboard.access.boundary;

import dev.tollgate.dashboard.access.entity.Identity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;

/** Who is signed in, for the page header: the access filter put it on the request. */
@Named
@RequestScoped
public class IdentityBacking {

    public Identity getIdentity() {
        return (Identity) FacesContext.getCurrentInstance()
                .getExternalContext()
                .getRequestMap()
                .get(Identity.SESSION_ATTRIBUTE);
    }
}
