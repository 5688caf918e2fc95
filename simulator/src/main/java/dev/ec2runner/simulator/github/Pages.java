package dev.ec2runner.simulator.github;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Page-number pagination with GitHub's {@code Link} header, and ETags for conditional requests. */
final class Pages {

  static final int DEFAULT_PER_PAGE = 30;
  static final int MAX_PER_PAGE = 100;

  private Pages() {
  }

  static <T> List<T> slice(List<T> items, int perPage, int page) {
    int from = Math.min(items.size(), (page - 1) * perPage);
    return items.subList(from, Math.min(items.size(), from + perPage));
  }

  /**
   * {@code Link} header for page {@code page}, or null when everything fits on one page.
   *
   * @param url the listing's URL, with any query parameters other than the page's (GitHub keeps them in links)
   */
  static String link(String url, int total, int perPage, int page) {
    int last = Math.max(1, (total + perPage - 1) / perPage);
    if (last == 1) {
      return null;
    }
    List<String> links = new ArrayList<>();
    if (page > 1) {
      links.add(link(url, perPage, page - 1, "prev"));
      links.add(link(url, perPage, 1, "first"));
    }
    if (page < last) {
      links.add(link(url, perPage, page + 1, "next"));
      links.add(link(url, perPage, last, "last"));
    }
    return String.join(", ", links);
  }

  private static String link(String url, int perPage, int page, String rel) {
    return "<" + url + (url.contains("?") ? "&" : "?") + "per_page=" + perPage + "&page=" + page + ">; rel=\""
        + rel + "\"";
  }

  /** A weak ETag derived from the body, so it changes exactly when the answer does. */
  static String etag(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "W/\"" + HexFormat.of().formatHex(digest, 0, 20) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code If-None-Match} names the ETag (a list, with or without the weak prefix, or {@code *}). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String bare = etag.replaceFirst("^W/", "");
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.strip();
      if (value.equals("*") || value.replaceFirst("^W/", "").equals(bare)) {
        return true;
      }
    }
    return false;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
