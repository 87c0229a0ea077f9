package dev.tollgate.dashboard.requests.boundary;

import dev.tollgate.dashboard.requests.entity.RequestFilter;
import dev.tollgate.dashboard.requests.entity.RequestRow;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** The requests page: the filter form and the lazily loaded, server-side paginated table. */
@Named
@ViewScoped
public class RequestsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    RequestQueries queries;

    private int hours = 24;
    private String train;
    private String account;
    private String model;
    private Integer status;
    private String requestType;
    private String text;

    private final LazyDataModel<RequestRow> rows = new LazyDataModel<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return (int) Math.min(Integer.MAX_VALUE, queries.count(filter()));
        }

        @Override
        public List<RequestRow> load(
                int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            SortMeta sort = sortBy.values().stream().findFirst().orElse(null);
            return queries.page(
                    filter(),
                    first,
                    pageSize,
                    sort == null ? "timestamp" : sort.getField(),
                    sort != null && sort.getOrder() == SortOrder.ASCENDING);
        }

        @Override
        public String getRowKey(RequestRow row) {
            return row.requestId();
        }
    };

    RequestFilter filter() {
        Instant now = Instant.now();
        return new RequestFilter(
                now.minus(Duration.ofHours(Math.max(1, Math.min(hours, 24 * 366)))),
                null,
                train,
                account,
                model,
                status,
                requestType,
                text);
    }

    public LazyDataModel<RequestRow> getRows() {
        return rows;
    }

    public int getHours() {
        return hours;
    }

    public void setHours(int hours) {
        this.hours = hours;
    }

    public String getTrain() {
        return train;
    }

    public void setTrain(String train) {
        this.train = train;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public Integer getStatus() {
        return status;
    }

    public void setStatus(Integer status) {
        this.status = status;
    }

    public String getRequestType() {
        return requestType;
    }

    public void setRequestType(String requestType) {
        this.requestType = requestType;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }
}
