package dev.tollgate.dashboard.keys.boundary;

import dev.tollgate.dashboard.access.entity.Identity;
import dev.tollgate.dashboard.keys.entity.AuditEntry;
import dev.tollgate.dashboard.keys.entity.InvalidKeyRequestException;
import dev.tollgate.dashboard.keys.entity.IssuedKey;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import java.util.List;

/**
 * The client keys page. A new key is shown once, on the answer to the form that issued it, and is
 * not kept anywhere after that view.
 */
@Named
@ViewScoped
public class KeysBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ClientKeys keys;

    private String name;
    private String train;
    private String issuedKey;

    public void issue() {
        try {
            issuedKey = keys.issue(name, train, identity(), address());
            name = null;
            train = null;
        } catch (InvalidKeyRequestException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public void revoke(String id) {
        try {
            keys.revoke(id, identity(), address());
            message(FacesMessage.SEVERITY_INFO, "Revoked: the proxy refuses the key within seconds.");
        } catch (InvalidKeyRequestException e) {
            message(FacesMessage.SEVERITY_ERROR, e.getMessage());
        }
    }

    public List<IssuedKey> getKeys() {
        return keys.all();
    }

    public List<AuditEntry> getAudit() {
        return keys.recentAudit();
    }

    private static Identity identity() {
        return (Identity) FacesContext.getCurrentInstance()
                .getExternalContext()
                .getRequestMap()
                .get(Identity.SESSION_ATTRIBUTE);
    }

    private static String address() {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        return ((HttpServletRequest) context.getRequest()).getRemoteAddr();
    }

    private static void message(FacesMessage.Severity severity, String text) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, text, null));
    }

    public String getIssuedKey() {
        return issuedKey;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getTrain() {
        return train;
    }

    public void setTrain(String train) {
        this.train = train;
    }
}
