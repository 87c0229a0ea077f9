package dev.tollgate.dashboard.keys.entity;

/** A key request the form should not have let through: the message says what to correct. */
@jakarta.ejb.ApplicationException(rollback = true)
public class InvalidKeyRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidKeyRequestException(String message) {
        super(message);
    }
}
