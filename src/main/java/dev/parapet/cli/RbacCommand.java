package dev.parapet.cli;

import dev.parapet.model.Inventory;
import dev.parapet.rbac.Decision;
import dev.parapet.rbac.Escalations;
import dev.parapet.rbac.Grant;
import dev.parapet.rbac.Identity;
import dev.parapet.rbac.RbacIndex;
import dev.parapet.rbac.Request;
import dev.parapet.rbac.ResourceRequest;
import dev.parapet.rbac.Resources;
import dev.parapet.report.RbacRenderer;
import dev.parapet.scan.Scanner;
import dev.parapet.source.Limits;
import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parapet rbac}: who can do what, answered offline from manifests or a dump. */
@Command(
    name = "rbac",
    mixinStandardHelpOptions = true,
    description = {
      "Answer RBAC questions offline, from manifests or a kubectl dump, with the API server's"
          + " authorizer semantics: bindings, roles, aggregated ClusterRoles, service account and"
          + " implicit groups, system:masters."
    },
    subcommands = {
      RbacCommand.CanI.class,
      RbacCommand.WhoCan.class,
      RbacCommand.Show.class,
      RbacCommand.EscalationsCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  parapet rbac can-i get secrets -n shop --as system:serviceaccount:shop:api -f k8s/",
      "  parapet rbac who-can create pods/exec -A -f cluster-dump.yaml",
      "  parapet rbac show system:serviceaccount:ci:runner -A -f k8s/",
      "  parapet rbac escalations -f cluster-dump.yaml"
    })
final class RbacCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The manifests that hold the RBAC objects. */
  static final class Files {
    @Option(
        names = {"-f", "--filename"},
        required = true,
        paramLabel = "PATH",
        description = "Manifest files or directories holding the RBAC objects, or - for stdin.")
    List<String> paths = new ArrayList<>();

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(
        names = "--no-default-roles",
        description =
            "Use only the roles in the input. By default parapet assumes its own definitions of"
                + " the roles every API server creates (cluster-admin, admin, edit, view,"
                + " system:aggregate-to-*, system:auth-delegator and kube-system's"
                + " extension-apiserver-authentication-reader) under each name the input does not"
                + " define, and marks grants through them.")
    boolean noDefaultRoles;

    RbacIndex index(InputStream stdin, PrintWriter err) {
      return RbacIndex.of(inventory(stdin, err), !noDefaultRoles);
    }

    Inventory inventory(InputStream stdin, PrintWriter err) {
      if (!format.equals("text") && !format.equals("json")) {
        throw new Main.UsageException(
            "unknown output format '" + format + "' (expected text or json)");
      }
      Scanner.Loaded loaded = Scanner.load(paths, stdin, Limits.DEFAULT);
      ScanCommand.Problems.print(loaded.problems(), err, false);
      inputErrors =
          loaded.problems().stream().anyMatch(p -> p.level() == Problem.Level.ERROR)
              || loaded.inventory().problems().stream()
                  .anyMatch(p -> p.level() == Problem.Level.ERROR);
      RbacIndex.of(loaded.inventory(), !noDefaultRoles).problems().forEach(p -> err.println(p));
      err.flush();
      return loaded.inventory();
    }

    /** Set when some input could not be read: the answer covers the rest only. */
    private boolean inputErrors;

    boolean json() {
      return format.equals("json");
    }

    /** The command's own exit code, or 2 when some input could not be read. */
    int exit(int code) {
      return inputErrors ? 2 : code;
    }
  }

  /** A request from VERB and RESOURCE|URL, as kubectl auth can-i takes them. */
  static Request request(String verb, String what, String name, String namespace) {
    if (what.startsWith("/")) {
      return Request.nonResource(verb, what);
    }
    ResourceRequest r = Resources.parse(what).request(verb);
    if (name != null) {
      r = r.named(name);
    }
    return namespace == null ? r : r.in(namespace);
  }

  @Command(
      name = "can-i",
      mixinStandardHelpOptions = true,
      description = {
        "Whether an identity may do something, like kubectl auth can-i, with the binding, role"
            + " and rule that grant it. Exit 0 for yes, 1 for no, 2 for a usage or input error."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet rbac can-i create pods -n shop --as system:serviceaccount:shop:api -f k8s/",
        "  parapet rbac can-i get secrets/db -n shop --as alice --as-group dev -f k8s/",
        "  parapet rbac can-i get /healthz --as system:anonymous -f cluster-dump.yaml",
        "  parapet rbac can-i escalate clusterroles.rbac.authorization.k8s.io --as bob -f k8s/"
      })
  static final class CanI implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Files files;

    @Parameters(index = "0", paramLabel = "VERB", description = "get, list, create, ... or *")
    String verb;

    @Parameters(
        index = "1",
        paramLabel = "RESOURCE|URL",
        description =
            "pods, pods/exec, deployments.apps, *, or a non-resource URL such as /healthz")
    String what;

    @Parameters(index = "2", arity = "0..1", paramLabel = "NAME", description = "Object name.")
    String name;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Namespace of the request; none means cluster-wide.")
    String namespace;

    @Option(
        names = "--as",
        required = true,
        paramLabel = "USER",
        description = "The user, e.g. alice, system:serviceaccount:NS:NAME or system:anonymous.")
    String as;

    @Option(
        names = "--as-group",
        paramLabel = "GROUP",
        description = "Groups of the user (repeat).")
    List<String> groups = new ArrayList<>();

    CanI(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      RbacIndex index = files.index(stdin, spec.commandLine().getErr());
      Identity identity = identity(as, groups);
      Request request = request(verb, what, name, namespace);
      Decision d = index.canI(identity, request);
      PrintWriter out = spec.commandLine().getOut();
      if (files.json()) {
        RbacRenderer.canIJson(request.toString(), identity.toString(), d, out);
      } else {
        RbacRenderer.canIText(d, out);
      }
      out.flush();
      return files.exit(d.allowed() ? 0 : 1);
    }

    static Identity identity(String user, List<String> groups) {
      if (user.equals(Identity.ANONYMOUS)) {
        return Identity.anonymous();
      }
      if (user.startsWith(Identity.SA_PREFIX)) {
        String[] parts = user.substring(Identity.SA_PREFIX.length()).split(":");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
          throw new Main.UsageException(
              "--as " + user + ": expected system:serviceaccount:NAMESPACE:NAME");
        }
        Identity sa = Identity.serviceAccount(parts[0], parts[1]);
        if (groups.isEmpty()) {
          return sa;
        }
        TreeSet<String> all = new TreeSet<>(sa.groups());
        all.addAll(groups);
        return Identity.exactly(sa.user(), all.toArray(String[]::new));
      }
      return Identity.user(user, groups.toArray(String[]::new));
    }
  }

  @Command(
      name = "who-can",
      mixinStandardHelpOptions = true,
      description = {
        "Every user, group and service account that may do something, with the granting binding,"
            + " role and scope."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet rbac who-can get secrets -n kube-system -f cluster-dump.yaml",
        "  parapet rbac who-can create pods -A -f k8s/ -o json",
        "  parapet rbac who-can impersonate users -f k8s/"
      })
  static final class WhoCan implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Files files;

    @Parameters(index = "0", paramLabel = "VERB", description = "get, list, create, ... or *")
    String verb;

    @Parameters(
        index = "1",
        paramLabel = "RESOURCE|URL",
        description = "pods, pods/exec, deployments.apps, or a URL such as /metrics")
    String what;

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "In this namespace (cluster-wide grants included).")
    String namespace;

    @Option(
        names = {"-A", "--all-namespaces"},
        description = "In any namespace: cluster-wide grants and those of every namespace.")
    boolean all;

    @Option(names = "--name", paramLabel = "NAME", description = "On the object with this name.")
    String name;

    WhoCan(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      if (all && namespace != null) {
        throw new Main.UsageException("-n and -A exclude each other");
      }
      RbacIndex index = files.index(stdin, spec.commandLine().getErr());
      Request request = request(verb, what, name, namespace);
      List<Grant> grants;
      if (all && request instanceof ResourceRequest r) {
        // cluster-wide grants, then each namespace that has RoleBindings; one line per chain
        Map<String, Grant> unique = new LinkedHashMap<>();
        for (Grant g : index.whoCan(r)) {
          unique.putIfAbsent(key(g), g);
        }
        TreeSet<String> namespaces = new TreeSet<>();
        index
            .bindings()
            .forEach(
                b -> {
                  if (!b.namespace().isEmpty()) {
                    namespaces.add(b.namespace());
                  }
                });
        for (String ns : namespaces) {
          for (Grant g : index.whoCan(r.in(ns))) {
            unique.putIfAbsent(key(g), g);
          }
        }
        grants = new ArrayList<>(unique.values());
      } else {
        grants = index.whoCan(request);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (files.json()) {
        RbacRenderer.whoCanJson(request.toString() + (all ? " (any namespace)" : ""), grants, out);
      } else {
        RbacRenderer.whoCanText(grants, out);
      }
      out.flush();
      return files.exit(0);
    }

    private static String key(Grant g) {
      return g.subject() + "|" + g.binding() + "|" + g.role() + "|" + g.scope();
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Effective permissions of any user, group or service account, cluster-wide and per"
            + " namespace, compacted like kubectl auth can-i --list."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet rbac show system:serviceaccount:ci:runner -A -f k8s/",
        "  parapet rbac show alice --as-group dev -n shop -f cluster-dump.yaml",
        "  parapet rbac show group:system:authenticated -f cluster-dump.yaml -o json"
      })
  static final class Show implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Files files;

    @Parameters(
        index = "0",
        paramLabel = "SUBJECT",
        description =
            "A user (alice), a service account (system:serviceaccount:NS:NAME), system:anonymous,"
                + " or group:NAME for what a group's members get from it alone.")
    String subject;

    @Option(
        names = "--as-group",
        paramLabel = "GROUP",
        description = "Groups of the user (repeat).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = {"-n", "--namespace"},
        paramLabel = "NS",
        description = "Cluster-wide and this namespace.")
    String namespace;

    @Option(
        names = {"-A", "--all-namespaces"},
        description = "Cluster-wide and every namespace with a grant.")
    boolean all;

    Show(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      if (all && namespace != null) {
        throw new Main.UsageException("-n and -A exclude each other");
      }
      RbacIndex index = files.index(stdin, spec.commandLine().getErr());
      Identity identity =
          subject.startsWith("group:")
              ? Identity.exactly("", subject.substring("group:".length()))
              : CanI.identity(subject, groups);
      Map<String, List<dev.parapet.rbac.Permissions.Row>> scopes = new LinkedHashMap<>();
      // the rows merge rules, so the default roles behind them are listed apart
      TreeSet<String> defaultRoles = new TreeSet<>();
      List<Grant> cluster =
          index.rulesFor(identity, "").stream().filter(Grant::clusterWide).toList();
      defaultRoles(cluster, defaultRoles);
      scopes.put("", dev.parapet.rbac.Permissions.compact(cluster));
      TreeSet<String> namespaces = new TreeSet<>();
      if (namespace != null) {
        namespaces.add(namespace);
      } else if (all) {
        index
            .bindings()
            .forEach(
                b -> {
                  if (!b.namespace().isEmpty()) {
                    namespaces.add(b.namespace());
                  }
                });
      }
      for (String ns : namespaces) {
        List<Grant> local =
            index.rulesFor(identity, ns).stream().filter(g -> !g.clusterWide()).toList();
        defaultRoles(local, defaultRoles);
        if (!local.isEmpty() || ns.equals(namespace)) {
          scopes.put(ns, dev.parapet.rbac.Permissions.compact(local));
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (files.json()) {
        RbacRenderer.showJson(
            identity.toString(), identity.isSuperuser(), scopes, List.copyOf(defaultRoles), out);
      } else {
        RbacRenderer.showText(
            identity.toString(), identity.isSuperuser(), scopes, List.copyOf(defaultRoles), out);
      }
      out.flush();
      return files.exit(0);
    }

    private static void defaultRoles(List<Grant> grants, TreeSet<String> into) {
      grants.stream().filter(Grant::defaultRole).forEach(g -> into.add(g.role().toString()));
    }
  }

  @Command(
      name = "escalations",
      mixinStandardHelpOptions = true,
      description = {
        "Every user, group and service account that can become cluster-admin, with the shortest"
            + " chain of RBAC techniques (pod creation, exec, token theft and minting,"
            + " impersonation, role binding, nodes/proxy) and the binding, role and rule behind"
            + " each step. Exit 0 whatever the answer; 2 for a usage or input error."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  parapet rbac escalations -f cluster-dump.yaml",
        "  parapet rbac escalations -f k8s/ --subject system:serviceaccount:shop:api",
        "  parapet rbac escalations -f k8s/ --include-system -o json"
      })
  static final class EscalationsCommand implements Callable<Integer> {
    private final InputStream stdin;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Files files;

    @Option(
        names = "--subject",
        paramLabel = "SUBJECT",
        description =
            "Only this subject: a user (alice), system:serviceaccount:NS:NAME, or group:NAME.")
    String subject;

    @Option(
        names = "--include-system",
        description =
            "Also list system: users and groups and chains that start with a system: binding"
                + " (the cluster's own controllers).")
    boolean includeSystem;

    EscalationsCommand(InputStream stdin) {
      this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
      Escalations escalations =
          Escalations.of(
              files.inventory(stdin, spec.commandLine().getErr()), !files.noDefaultRoles);
      List<Escalations.Path> paths = new ArrayList<>();
      if (subject != null) {
        escalations.pathToClusterAdmin(subject(subject)).ifPresent(paths::add);
      } else {
        for (Escalations.Path p : escalations.toClusterAdmin()) {
          if (includeSystem || !p.infrastructure()) {
            paths.add(p);
          }
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      if (files.json()) {
        RbacRenderer.escalationsJson(paths, out);
      } else {
        RbacRenderer.escalationsText(paths, out);
      }
      out.flush();
      return files.exit(0);
    }

    static dev.parapet.rbac.Subject subject(String s) {
      if (s.startsWith("group:")) {
        return dev.parapet.rbac.Subject.group(s.substring("group:".length()));
      }
      if (s.startsWith(Identity.SA_PREFIX) && Identity.exactly(s).serviceAccount().isEmpty()) {
        throw new Main.UsageException(
            "--subject " + s + ": expected system:serviceaccount:NAMESPACE:NAME");
      }
      Identity id = CanI.identity(s, List.of());
      return id.serviceAccount()
          .map(sa -> dev.parapet.rbac.Subject.serviceAccount(sa.get(0), sa.get(1)))
          .orElse(dev.parapet.rbac.Subject.user(s));
    }
  }
}
