package dev.ec2runner.operator.github.fake;

import java.time.Instant;

/**
 * One REST call the simulated GitHub answered.
 *
 * @param endpoint method and OpenAPI path template, e.g. {@code GET /orgs/{org}/actions/runners}
 */
public record ApiCall(String endpoint, int status, Instant at) {
}
