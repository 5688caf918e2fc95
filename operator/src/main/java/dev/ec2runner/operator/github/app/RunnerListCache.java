package dev.ec2runner.operator.github.app;

import dev.ec2runner.operator.github.GitHubRunner;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last runner list of each scope, page by page with each page's ETag, so the next listing can send
 * {@code If-None-Match} and reuse a page GitHub answers 304 for (a 304 costs no rate limit).
 */
final class RunnerListCache {

  /** One page as last fetched; {@code next} is the page its Link header pointed to, or null. */
  record Page(URI uri, String etag, List<GitHubRunner> runners, URI next) {
  }

  private final Map<String, List<Page>> pages = new ConcurrentHashMap<>();

  /** The cached page at this position if it was fetched from the same URI. */
  Page cached(String scopeKey, int index, URI uri) {
    List<Page> scopePages = pages.getOrDefault(scopeKey, List.of());
    if (index < scopePages.size() && scopePages.get(index).uri().equals(uri)) {
      return scopePages.get(index);
    }
    return null;
  }

  void store(String scopeKey, List<Page> scopePages) {
    pages.put(scopeKey, List.copyOf(scopePages));
  }
}
