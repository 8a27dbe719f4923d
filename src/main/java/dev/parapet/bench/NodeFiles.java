package dev.parapet.bench;

import dev.parapet.source.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's files for the permission and ownership checks (CIS 1.1 and 4.1), read under a root
 * directory ({@code --root DIR}; {@code /} on the node itself) and only read: nothing is written,
 * opened for writing or changed.
 *
 * <p>A scanner reads untrusted trees, so paths are resolved as if {@code DIR} were the root of the
 * file system: a symbolic link is followed inside the tree (an absolute target starts again at
 * {@code DIR}, {@code ..} stops at {@code DIR}), never out of it, and a loop is an error. A file
 * reached through a link is reported with its target's mode and owner (what a component reading it
 * gets) and marked {@link FileInfo#viaLink()}. {@link #find} does not follow links at all: it
 * reports a link found in a directory as the link itself.
 *
 * <p>Owner and group names come from the tree's own {@code etc/passwd} and {@code etc/group} when
 * it has them (the node's names for its ids), else from this machine; an id with no name is shown
 * as its number.
 */
public final class NodeFiles {
  /** Most entries {@link #find} returns, and deepest it goes: PKI trees hold a few dozen. */
  public static final int MAX_ENTRIES = 100_000;

  public static final int MAX_DEPTH = 32;

  private static final int MAX_LINKS = 40; // as Linux's ELOOP limit
  private static final int MAX_ID_FILE_BYTES = 1 << 20;

  private final Path root;
  private final Map<Integer, String> users;
  private final Map<Integer, String> groups;

  /**
   * One file's facts.
   *
   * @param path the node path ({@code /etc/kubernetes/pki/ca.key})
   * @param exists whether it exists (after following links inside the tree)
   * @param directory whether it is a directory
   * @param symlink whether the entry itself is a link ({@link #find} only; {@link #stat} follows)
   * @param viaLink whether a link was followed to reach it (also when its target is missing: a
   *     dangling link, or one whose target is outside the tree, such as {@code /dev/null})
   * @param mode permission bits, setuid/setgid/sticky included ({@code 0600} = 384)
   * @param owner owner name, or the numeric id when the id has no name
   * @param group group name, or the numeric id
   * @param problem why it could not be read, when it could not
   */
  public record FileInfo(
      String path,
      boolean exists,
      boolean directory,
      boolean symlink,
      boolean viaLink,
      int mode,
      String owner,
      String group,
      Optional<String> problem) {
    /** The mode as {@code stat -c %a} prints it ({@code 600}, {@code 4755}). */
    public String octalMode() {
      return octal(mode);
    }

    /** {@code owner:group}. */
    public String ownership() {
      return owner + ":" + group;
    }

    /** Evidence for a report: {@code /etc/x permissions=600 owner=root:root}. */
    public String describe() {
      if (problem.isPresent()) {
        return path + ": " + problem.get();
      }
      if (!exists) {
        return path + ": does not exist";
      }
      return path + " permissions=" + octalMode() + " owner=" + ownership();
    }

    static FileInfo missing(String path, Optional<String> problem) {
      return new FileInfo(path, false, false, false, false, 0, "", "", problem);
    }
  }

  private NodeFiles(Path root, Map<Integer, String> users, Map<Integer, String> groups) {
    this.root = root;
    this.users = Map.copyOf(users);
    this.groups = Map.copyOf(groups);
  }

  /** The tree under {@code root}, or an error when it is not a readable directory. */
  public static Optional<NodeFiles> open(Path root, List<Problem> problems) {
    Path real;
    try {
      real = root.toRealPath();
    } catch (IOException e) {
      problems.add(Problem.error(root.toString(), 0, 0, "cannot read node root: " + message(e)));
      return Optional.empty();
    }
    if (!Files.isDirectory(real)) {
      problems.add(Problem.error(root.toString(), 0, 0, "node root is not a directory"));
      return Optional.empty();
    }
    NodeFiles bare = new NodeFiles(real, Map.of(), Map.of());
    return Optional.of(
        new NodeFiles(
            real,
            bare.ids("/etc/passwd", problems, root.toString()),
            bare.ids("/etc/group", problems, root.toString())));
  }

  /** The facts of one node path, following links inside the tree. */
  public FileInfo stat(String nodePath) {
    String path = normalise(nodePath);
    Resolved r;
    try {
      r = resolve(path);
    } catch (IOException e) {
      return FileInfo.missing(path, Optional.of(message(e)));
    }
    return info(path, r.host(), r.viaLink(), false);
  }

  /** Where a node path is on this machine (links inside the tree followed), for locations. */
  public String hostPath(String nodePath) {
    try {
      return resolve(normalise(nodePath)).host().toString();
    } catch (IOException e) {
      return root.resolve(normalise(nodePath).substring(1)).toString();
    }
  }

  /** The directory given as the node's root. */
  public Path root() {
    return root;
  }

  /**
   * The directory {@code nodeDir} and everything under it whose file name matches {@code nameGlob}
   * ({@code *.key}; {@code *} for all), like {@code find DIR -name GLOB}, sorted by path. Links
   * under the directory are reported, not followed. Empty when the directory does not exist.
   */
  public List<FileInfo> find(String nodeDir, String nameGlob, List<Problem> problems) {
    String base = normalise(nodeDir);
    Path start;
    try {
      start = resolve(base).host();
    } catch (IOException e) {
      problems.add(Problem.warning(base, 0, 0, "cannot read " + base + ": " + message(e)));
      return List.of();
    }
    if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + nameGlob);
    List<FileInfo> out = new ArrayList<>();
    try {
      Files.walkFileTree(
          start,
          EnumSet.noneOf(java.nio.file.FileVisitOption.class),
          MAX_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return visit(d);
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              return visit(f);
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              out.add(FileInfo.missing(nodePathOf(base, start, f), Optional.of(message(e))));
              return FileVisitResult.CONTINUE;
            }

            private FileVisitResult visit(Path p) {
              if (out.size() >= MAX_ENTRIES) {
                problems.add(
                    Problem.warning(
                        base, 0, 0, "more than " + MAX_ENTRIES + " files under " + base + "; cut"));
                return FileVisitResult.TERMINATE;
              }
              Path name = p.getFileName();
              if (name != null && matcher.matches(name)) {
                out.add(info(nodePathOf(base, start, p), p, false, Files.isSymbolicLink(p)));
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      problems.add(Problem.warning(base, 0, 0, "cannot read " + base + ": " + message(e)));
    }
    out.sort(Comparator.comparing(FileInfo::path));
    return List.copyOf(out);
  }

  /**
   * What {@link #read} found at a node path.
   *
   * @param path the node path asked for
   * @param realPath the node path after following links inside the tree (equal to {@code path} when
   *     no link was followed); two paths naming one file have the same real path
   * @param exists whether a file (or a directory) is there
   * @param text the file's text (UTF-8, malformed bytes replaced), when it could be read
   * @param problem why it could not be read, when it exists but could not
   */
  public record Content(
      String path,
      String realPath,
      boolean exists,
      Optional<String> text,
      Optional<String> problem) {}

  /**
   * The text of a regular file at a node path, following links inside the tree as {@link #stat}
   * does; at most {@code maxBytes} bytes: a larger file is not read ({@link Content#problem} says
   * so). A directory, a device or a FIFO is not read either (a FIFO could block forever).
   */
  public Content read(String nodePath, int maxBytes) {
    String path = normalise(nodePath);
    Resolved r;
    try {
      r = resolve(path);
    } catch (IOException e) {
      return new Content(path, path, false, Optional.empty(), Optional.of(message(e)));
    }
    String real = nodePathOf("/", root, r.host());
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(r.host(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return new Content(path, real, false, Optional.empty(), Optional.empty());
    } catch (IOException e) {
      return new Content(path, real, false, Optional.empty(), Optional.of(message(e)));
    }
    if (!a.isRegularFile()) {
      return new Content(
          path,
          real,
          true,
          Optional.empty(),
          Optional.of(a.isDirectory() ? "is a directory" : "not a regular file"));
    }
    if (a.size() > maxBytes) {
      return new Content(
          path,
          real,
          true,
          Optional.empty(),
          Optional.of(a.size() + " bytes, more than the limit of " + maxBytes));
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(r.host(), LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(maxBytes + 1); // the file may grow between stat and read
    } catch (IOException e) {
      return new Content(path, real, true, Optional.empty(), Optional.of(message(e)));
    }
    if (bytes.length > maxBytes) {
      return new Content(
          path,
          real,
          true,
          Optional.empty(),
          Optional.of("more than the limit of " + maxBytes + " bytes"));
    }
    return new Content(
        path, real, true, Optional.of(new String(bytes, StandardCharsets.UTF_8)), Optional.empty());
  }

  /**
   * kube-bench's {@code bitmask} test: true when {@code actual} has no permission bit outside
   * {@code allowed} ({@code 0400} and {@code 0600} are at most {@code 0600}; {@code 0640} and
   * {@code 0444} are not).
   */
  public static boolean modeAtMost(int actual, int allowed) {
    int a = actual & 07777;
    return (allowed & a) == a;
  }

  /** An octal mode without leading zeros, as {@code stat -c %a} prints it. */
  public static String octal(int mode) {
    return Integer.toOctalString(mode & 07777);
  }

  /** Parses an octal mode ({@code 600}, {@code 0644}). */
  public static int parseOctal(String mode) {
    return Integer.parseInt(mode, 8);
  }

  private record Resolved(Path host, boolean viaLink) {}

  /**
   * Resolves a node path component by component, following each link inside the tree as the kernel
   * would if the tree were the root; the result has no link left in it and cannot leave the tree.
   */
  private Resolved resolve(String nodePath) throws IOException {
    Deque<String> todo = new ArrayDeque<>(parts(nodePath));
    List<String> done = new ArrayList<>();
    int links = 0;
    boolean viaLink = false;
    while (!todo.isEmpty()) {
      String c = todo.pop();
      if (c.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      Path p = host(done).resolve(c);
      if (Files.isSymbolicLink(p)) {
        if (++links > MAX_LINKS) {
          throw new IOException("too many levels of symbolic links");
        }
        viaLink = true;
        String target = Files.readSymbolicLink(p).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> t = parts(target);
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.push(t.get(i));
        }
      } else {
        done.add(c);
      }
    }
    return new Resolved(host(done), viaLink);
  }

  private Path host(List<String> parts) {
    Path p = root;
    for (String s : parts) {
      p = p.resolve(s);
    }
    return p;
  }

  private static List<String> parts(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty() && !s.equals(".")) {
        out.add(s);
      }
    }
    return out;
  }

  private static String normalise(String nodePath) {
    return "/" + String.join("/", parts(nodePath));
  }

  /** The node path of {@code host}, a file under {@code start}, the host path of {@code base}. */
  private static String nodePathOf(String base, Path start, Path host) {
    String rel =
        start.relativize(host).toString().replace(host.getFileSystem().getSeparator(), "/");
    if (rel.isEmpty()) {
      return base;
    }
    return base.equals("/") ? "/" + rel : base + "/" + rel;
  }

  private FileInfo info(String path, Path host, boolean viaLink, boolean symlink) {
    try {
      PosixFileAttributes a =
          Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      int mode;
      int uid;
      int gid;
      try {
        mode = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        uid = (Integer) Files.getAttribute(host, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        gid = (Integer) Files.getAttribute(host, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        mode = bits(a);
        uid = -1;
        gid = -1;
      }
      String owner = uid >= 0 && users.containsKey(uid) ? users.get(uid) : a.owner().getName();
      String group = gid >= 0 && groups.containsKey(gid) ? groups.get(gid) : a.group().getName();
      return new FileInfo(
          path, true, a.isDirectory(), symlink, viaLink, mode, owner, group, Optional.empty());
    } catch (java.nio.file.NoSuchFileException e) {
      // a dangling link keeps viaLink: the entry is there, its target is not (in the tree)
      return new FileInfo(path, false, false, false, viaLink, 0, "", "", Optional.empty());
    } catch (IOException e) {
      return FileInfo.missing(path, Optional.of(message(e)));
    }
  }

  private static int bits(PosixFileAttributes a) {
    int m = 0;
    for (PosixFilePermission p : a.permissions()) {
      m |= 1 << (8 - p.ordinal());
    }
    return m;
  }

  /** Id-to-name map from the tree's {@code etc/passwd} or {@code etc/group}. */
  private Map<Integer, String> ids(String nodePath, List<Problem> problems, String rootName) {
    Map<Integer, String> out = new HashMap<>();
    Path file;
    try {
      file = resolve(nodePath).host();
    } catch (IOException e) {
      return out;
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(MAX_ID_FILE_BYTES + 1);
    } catch (IOException e) {
      problems.add(
          Problem.warning(rootName + nodePath, 0, 0, "cannot read names of ids: " + message(e)));
      return out;
    }
    if (bytes.length > MAX_ID_FILE_BYTES) {
      problems.add(
          Problem.warning(
              rootName + nodePath,
              0,
              0,
              "names of ids not read: more than " + MAX_ID_FILE_BYTES + " bytes"));
      return out;
    }
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String[] f = lines[i].split(":", -1);
      if (lines[i].isBlank() || lines[i].startsWith("#")) {
        continue;
      }
      try {
        out.putIfAbsent(Integer.parseInt(f[2].strip()), f[0]);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        problems.add(
            Problem.warning(rootName + nodePath, i + 1, 0, "not a name:password:id line; skipped"));
      }
    }
    return out;
  }

  private static String message(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "does not exist";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
