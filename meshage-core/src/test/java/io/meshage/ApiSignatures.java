package io.meshage;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The public API of meshage-core as text: every public or protected type, constructor, method and
 * field of the packages that {@code module-info.java} exports, one per line, sorted. A member whose
 * signature names a type of a package the module does not export is marked {@code [internal
 * parameter]}: code outside the module cannot name that type, so it cannot really call it (the
 * node factories' constructors). {@link ApiSignatureTest} compares it with the checked-in file.
 */
final class ApiSignatures {
  private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

  private ApiSignatures() {}

  /** The packages {@code moduleInfo} exports, in order. */
  static List<String> exportedPackages(Path moduleInfo) throws IOException {
    Matcher m = EXPORTS.matcher(Files.readString(moduleInfo));
    List<String> packages = new ArrayList<>();
    while (m.find()) {
      packages.add(m.group(1));
    }
    return packages;
  }

  /** The API lines of the public types of {@code packages}, whose class files lie under {@code classes}. */
  static List<String> lines(Path classes, List<String> packages) throws IOException, ClassNotFoundException {
    List<String> out = new ArrayList<>();
    for (String pkg : packages) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      List<String> names;
      try (Stream<Path> files = Files.list(dir)) {
        names = files.map(f -> f.getFileName().toString())
            .filter(n -> n.endsWith(".class") && !n.equals("package-info.class") && !n.equals("module-info.class"))
            .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length()))
            .sorted()
            .toList();
      }
      for (String name : names) {
        Class<?> c = Class.forName(name, false, ApiSignatures.class.getClassLoader());
        if (visible(c)) {
          out.addAll(describe(c, Set.copyOf(packages)));
        }
      }
    }
    return out;
  }

  /** Public, and each class it is nested in public too; not anonymous or local. */
  private static boolean visible(Class<?> c) {
    if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) && !(k != c && Modifier.isProtected(k.getModifiers()))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> describe(Class<?> c, Set<String> exported) {
    List<String> out = new ArrayList<>();
    out.add(typeLine(c));
    TreeSet<String> members = new TreeSet<>();
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (shown(k) && !(c.isEnum())) {
        members.add(mark(k.toGenericString(), exported));
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (shown(m) && !m.isBridge()) {
        members.add(mark(m.toGenericString(), exported));
      }
    }
    for (Field f : c.getDeclaredFields()) {
      if (shown(f)) {
        members.add(mark(f.toGenericString(), exported));
      }
    }
    members.forEach(m -> out.add("  " + m));
    return out;
  }

  private static String typeLine(Class<?> c) {
    StringBuilder sb = new StringBuilder(c.toGenericString());
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
      sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    var interfaces = c.getGenericInterfaces();
    if (interfaces.length > 0) {
      sb.append(c.isInterface() ? " extends " : " implements ");
      for (int i = 0; i < interfaces.length; i++) {
        sb.append(i == 0 ? "" : ", ").append(interfaces[i].getTypeName());
      }
    }
    return sb.toString();
  }

  private static boolean shown(Member m) {
    int mod = m.getModifiers();
    if (m.isSynthetic() || !(Modifier.isPublic(mod) || Modifier.isProtected(mod))) {
      return false;
    }
    return !(m instanceof Executable e) || !e.getDeclaringClass().isAnonymousClass();
  }

  /** Marks a signature that names a type of a package the module does not export. */
  private static String mark(String signature, Set<String> exported) {
    Matcher m = Pattern.compile("io\\.meshage(\\.[a-z]\\w*)*(?=\\.[A-Z])").matcher(signature);
    while (m.find()) {
      String pkg = m.group();
      if (!exported.contains(pkg) && !pkg.equals("io.meshage.routing")) {
        return signature + "  [internal parameter: " + pkg + "]";
      }
      if (pkg.equals("io.meshage.routing")) {
        return signature + "  [names io.meshage.routing, which this module does not re-export]";
      }
    }
    return signature;
  }
}
