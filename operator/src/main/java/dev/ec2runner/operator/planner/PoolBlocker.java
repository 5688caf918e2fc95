package dev.ec2runner.operator.planner;

/**
 * Something that stops the pool from launching (invalid App secret, invalid spec): the planner creates nothing and
 * reports it on the Ready condition. Existing Runners are still tidied up.
 *
 * @param reason a CamelCase condition reason such as AppSecretInvalid
 * @param message what is wrong and how to fix it, with no secret in it
 */
public record PoolBlocker(String reason, String message) {
}
