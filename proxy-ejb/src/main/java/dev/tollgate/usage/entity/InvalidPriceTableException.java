package dev.tollgate.usage.entity;

/** A price table (the shipped one or the operator's {@code tollgate.pricing.file}) that cannot be used. */
public class InvalidPriceTableException extends RuntimeException {

    public InvalidPriceTableException(String message) {
        super(message);
    }

    public InvalidPriceTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
