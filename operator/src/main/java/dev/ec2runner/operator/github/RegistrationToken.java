package dev.ec2runner.operator.github;

import dev.ec2runner.operator.Sensitive;
import java.time.Instant;

/** A token that registers one runner with {@code config.sh --token}; it never appears in logs or status. */
public record RegistrationToken(Sensitive token, Instant expiresAt) {
}
