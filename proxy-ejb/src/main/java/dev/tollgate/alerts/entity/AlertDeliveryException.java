package dev.tollgate.alerts.entity;

/** A webhook did not take an alert. The message names the webhook only masked. */
public class AlertDeliveryException extends RuntimeException {

    public AlertDeliveryException(String message) {
        super(message);
    }
}
