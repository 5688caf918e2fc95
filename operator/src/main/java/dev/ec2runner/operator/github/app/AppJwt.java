package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.Sensitive;
import dev.ec2runner.operator.github.GitHubException;
import java.io.IOException;
import java.security.interfaces.RSAPrivateKey;
import org.kohsuke.github.extras.authorization.JWTTokenProvider;

/**
 * The App's own credential: a short-lived JWT (RS256, signed with the App's private key) that github-api's
 * {@link JWTTokenProvider} builds with jjwt and renews before it expires. Only the installation-token and
 * webhook-delivery endpoints accept it.
 */
final class AppJwt {

  private final JWTTokenProvider provider;

  AppJwt(long appId, RSAPrivateKey privateKey) {
    this.provider = new JWTTokenProvider(Long.toString(appId), privateKey);
  }

  /** The {@code Authorization} header value, {@code Bearer <jwt>}. */
  Sensitive authorization() throws GitHubException {
    try {
      return Sensitive.of(provider.getEncodedAuthorization());
    } catch (IOException | RuntimeException e) {
      // The message of a signing failure could echo key details: report only its type.
      throw new GitHubException.Unauthorized(0, "could not sign the GitHub App JWT ("
          + e.getClass().getSimpleName() + ")");
    }
  }
}
