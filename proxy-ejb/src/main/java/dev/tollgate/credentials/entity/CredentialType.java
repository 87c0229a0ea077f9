package dev.tollgate.credentials.entity;

/** The two kinds of Claude credential of the seed files ({@code "type"}). */
public enum CredentialType {
    API_KEY("api_key"),
    OAUTH("oauth");

    private final String fileValue;

    CredentialType(String fileValue) {
        this.fileValue = fileValue;
    }

    public String fileValue() {
        return fileValue;
    }

    public static CredentialType fromFileValue(String value) {
        for (CredentialType type : values()) {
            if (type.fileValue.equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown credential type '" + value + "' (expected api_key or oauth)");
    }
}
