package dev.ec2runner.simulator.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ec2runner.operator.github.fake.Accounts;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import java.io.IOException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks an App JWT as GitHub does: RS256-signed by the App's key, {@code iss} naming the App, and at most ten
 * minutes between {@code iat} and {@code exp}. Expiry is checked against the real time, which is what the App used.
 */
final class AppJwtVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_LIFETIME = Duration.ofMinutes(10).plusSeconds(60);

  private AppJwtVerifier() {
  }

  /** The App id the JWT proves, or empty when it is malformed, unsigned, expired or signed by another key. */
  static Optional<Long> verify(String jwt, Accounts accounts) {
    Optional<Long> issuer = unverifiedIssuer(jwt);
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    Optional<PublicKey> key = accounts.appKey(issuer.get());
    if (key.isEmpty()) {
      return Optional.empty();
    }
    try {
      Claims claims = Jwts.parser().verifyWith(key.get()).build().parseSignedClaims(jwt).getPayload();
      if (claims.getIssuedAt() == null || claims.getExpiration() == null
          || Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant())
              .compareTo(MAX_LIFETIME) > 0) {
        return Optional.empty();
      }
      return issuer;
    } catch (JwtException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The {@code iss} claim before verification, only to pick the key to verify with. */
  private static Optional<Long> unverifiedIssuer(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String iss = payload.path("iss").asText();
      return Optional.of(Long.parseLong(iss));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
