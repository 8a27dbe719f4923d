package dev.parapet.workload;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A container image reference taken apart the way container runtimes read it: {@code
 * [registry/]repository[:tag][@digest]}. The first path component names a registry only when it
 * contains a dot or a colon or is {@code localhost}; otherwise the image is on Docker Hub, and a
 * single-component name lives in its {@code library/} namespace.
 *
 * @param registry registry host (with port), lower case; {@code docker.io} when implied
 * @param repository path within the registry, e.g. {@code library/nginx}
 * @param tag the tag as written, or null
 * @param digest the digest as written ({@code sha256:...}), or null
 */
record ImageRef(String registry, String repository, String tag, String digest) {
  static final String DOCKER_HUB = "docker.io";

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
              + "|\\[[0-9A-Fa-f:]+\\])(?::[0-9]+)?");

  /** The reference, or empty when it is not a valid image reference (templated, truncated...). */
  static Optional<ImageRef> parse(String image) {
    String rest = image == null ? "" : image.trim();
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.empty();
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        return Optional.empty();
      }
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          return Optional.empty();
        }
        registry = normalizeRegistry(first);
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals(DOCKER_HUB) && repository.indexOf('/') < 0) {
      repository = "library/" + repository;
    }
    for (String component : repository.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return Optional.empty();
      }
    }
    return Optional.of(new ImageRef(registry, repository, tag, digest));
  }

  /** Lower case, with Docker Hub's other host names folded into {@code docker.io}. */
  static String normalizeRegistry(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return switch (h) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> DOCKER_HUB;
      default -> h;
    };
  }

  boolean hasDigest() {
    return digest != null;
  }

  /** No digest: what is pulled depends on where the tag points at pull time. */
  boolean mutable() {
    return digest == null;
  }

  /** The tag the runtime pulls when none is written. */
  String effectiveTag() {
    return tag == null ? "latest" : tag;
  }

  /** {@code registry/repository}, the name an allow-list entry is matched against. */
  String fullName() {
    return registry + "/" + repository;
  }
}
