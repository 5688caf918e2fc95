package dev.ec2runner.simulator.github;

import dev.ec2runner.operator.github.fake.ApiCall;
import dev.ec2runner.operator.github.fake.FailureSwitches;
import dev.ec2runner.operator.github.fake.RateLimits;
import dev.ec2runner.operator.github.fake.SimulatedGitHub;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What stands between a request and its endpoint, in GitHub's order: authentication, injected failures, the
 * primary rate limit; then the endpoint runs, the budget is charged (except for 304s and free endpoints) and the
 * rate-limit headers and call log are written. Runs under the world's lock.
 */
final class RequestGate {

  private final SimulatedGitHub github;

  RequestGate(SimulatedGitHub github) {
    this.github = github;
  }

  SimResponse pass(Route route, SimRequest request, Map<String, String> params) {
    synchronized (github) {
      Instant now = github.clock.instant();
      SimResponse response;
      String bucket = "anonymous";
      Optional<Caller> caller = authenticate(route, request);
      if (caller.isEmpty()) {
        response = unauthenticated(route, request);
      } else {
        bucket = caller.get().bucket();
        response = answer(route, request, params, caller.get(), now);
        if (route.costsBudget() && response.status() != 304) {
          github.rateLimits.consume(bucket, now);
        }
      }
      RateLimits.Budget budget = github.rateLimits.peek(bucket, now);
      response.withHeader("x-ratelimit-limit", Integer.toString(budget.limit()))
          .withHeader("x-ratelimit-remaining", Integer.toString(budget.remaining()))
          .withHeader("x-ratelimit-used", Integer.toString(budget.used()))
          .withHeader("x-ratelimit-reset", Long.toString(budget.resetAt().getEpochSecond()))
          .withHeader("x-ratelimit-resource", "core")
          .withHeader("x-github-api-version-selected", "2022-11-28");
      github.calls().record(new ApiCall(route.endpoint(), response.status(), now));
      return response;
    }
  }

  private SimResponse answer(Route route, SimRequest request, Map<String, String> params, Caller caller,
      Instant now) {
    Optional<FailureSwitches.Forced> forced = github.switches.next(route.endpoint());
    if (forced.isPresent()) {
      FailureSwitches.Forced failure = forced.get();
      if (failure.retryAfter() != null) {
        return SimResponse.error(failure.status(), "You have exceeded a secondary rate limit. Please wait a few "
            + "minutes before you try again.").withHeader("retry-after",
            Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
      }
      return SimResponse.error(failure.status(), "Simulated failure " + failure.status());
    }
    if (route.costsBudget() && github.rateLimits.peek(caller.bucket(), now).remaining() == 0) {
      return SimResponse.error(403, "API rate limit exceeded for " + caller.bucket().replace(':', ' ') + ".");
    }
    return route.handler().handle(caller, request, params);
  }

  private Optional<Caller> authenticate(Route route, SimRequest request) {
    String credential = credential(request);
    if (credential == null) {
      return Optional.empty();
    }
    if (route.auth() == Route.Auth.APP_JWT) {
      return AppJwtVerifier.verify(credential, github.accounts).map(Caller::app);
    }
    if (route.template().startsWith("/enterprises/")) {
      return github.accounts.enterpriseOfToken(credential).map(Caller::enterpriseToken);
    }
    Instant now = github.clock.instant();
    return github.accounts.token(credential).filter(token -> now.isBefore(token.expiresAt()))
        .flatMap(token -> github.accounts.installation(token.installationId()))
        .map(installation -> Caller.installation(installation.appId(), installation.id()));
  }

  /** GitHub's answers when the credential is missing, wrong, or of the wrong kind. */
  private SimResponse unauthenticated(Route route, SimRequest request) {
    String credential = credential(request);
    if (credential != null && route.template().startsWith("/enterprises/")
        && github.accounts.token(credential).isPresent()) {
      return SimResponse.error(403, "Resource not accessible by integration");
    }
    if (route.auth() == Route.Auth.APP_JWT) {
      return SimResponse.error(401, "A JSON web token could not be decoded");
    }
    return SimResponse.error(401, "Bad credentials");
  }

  private static String credential(SimRequest request) {
    String header = request.header("authorization").orElse("").strip();
    int space = header.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = header.substring(0, space);
    return "bearer".equalsIgnoreCase(scheme) || "token".equalsIgnoreCase(scheme)
        ? header.substring(space + 1).strip() : null;
  }
}
