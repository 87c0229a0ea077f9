package dev.tollgate.routing.entity;

/** {@code MSL-Account} names an account that has no credential file. */
public class UnknownAccountException extends RuntimeException {

    public UnknownAccountException(String accountName) {
        super("MSL-Account names no known account: '" + accountName
                + "' (an account is a credentials/accounts/<name>.credentials.json file).");
    }
}
