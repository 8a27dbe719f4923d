package dev.parapet.rbac;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who makes a request: a user name and groups, as an authenticator hands them to the authorizer.
 * The factories add the groups the API server's authenticators add.
 */
public record Identity(String user, Set<String> groups) {
  public static final String AUTHENTICATED = "system:authenticated";
  public static final String UNAUTHENTICATED = "system:unauthenticated";
  public static final String ANONYMOUS = "system:anonymous";
  public static final String MASTERS = "system:masters";
  public static final String SERVICE_ACCOUNTS = "system:serviceaccounts";
  public static final String SA_PREFIX = "system:serviceaccount:";

  public Identity {
    groups = Set.copyOf(groups);
  }

  /** Exactly this user and these groups, nothing implied. */
  public static Identity exactly(String user, String... groups) {
    return new Identity(user, Set.of(groups));
  }

  /** An authenticated user: the groups given plus {@code system:authenticated}. */
  public static Identity user(String name, String... groups) {
    Set<String> all = new LinkedHashSet<>(List.of(groups));
    all.add(AUTHENTICATED);
    return new Identity(name, all);
  }

  /**
   * A service account: user {@code system:serviceaccount:NS:NAME} in {@code
   * system:serviceaccounts}, {@code system:serviceaccounts:NS} and {@code system:authenticated}.
   */
  public static Identity serviceAccount(String namespace, String name) {
    return new Identity(
        SA_PREFIX + namespace + ":" + name,
        Set.of(SERVICE_ACCOUNTS, SERVICE_ACCOUNTS + ":" + namespace, AUTHENTICATED));
  }

  /** An unauthenticated request: {@code system:anonymous} in {@code system:unauthenticated}. */
  public static Identity anonymous() {
    return new Identity(ANONYMOUS, Set.of(UNAUTHENTICATED));
  }

  /** Members of {@code system:masters} bypass RBAC, as the API server's privileged-group check. */
  public boolean isSuperuser() {
    return groups.contains(MASTERS);
  }

  /** The namespace and name when the user name is a service account's, else empty. */
  public Optional<List<String>> serviceAccount() {
    if (!user.startsWith(SA_PREFIX)) {
      return Optional.empty();
    }
    String rest = user.substring(SA_PREFIX.length());
    int colon = rest.indexOf(':');
    if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(List.of(rest.substring(0, colon), rest.substring(colon + 1)));
  }

  /** Groups in sorted order, for stable output. */
  public List<String> sortedGroups() {
    List<String> out = new ArrayList<>(groups);
    out.sort(null);
    return out;
  }

  @Override
  public String toString() {
    return user + " " + sortedGroups();
  }
}
