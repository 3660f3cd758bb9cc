package io.hutong.audit.verifier;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks audit evidence without the audit service and without Hutong's code beyond this file set:
 * the signature of a signed tree head, that an export rebuilds exactly that tree, an inclusion
 * proof, and a consistency proof between two signed tree heads.
 *
 * <pre>
 * java -jar audit-service-verifier.jar --key KEY [--key OLD_KEY ...] [--keys trusted-keys.txt]
 *      --checkpoint head.txt
 *      [--export hutong-audit.jsonl [--filtered]] [--inclusion proof.json]
 *      [--old-checkpoint old.txt --consistency consistency.json]
 * </pre>
 *
 * Every {@code --key} and every line of {@code --keys} (blank lines and {@code #} comments skipped)
 * is a trusted verifier key; a checkpoint signed by any of them verifies, so heads signed before a
 * key rotation check against the keys that signed them.
 *
 * <p>Exit code 0 when every requested check passed, 1 otherwise.
 */
public final class OfflineVerifier {

  private static final Pattern LINE =
      Pattern.compile(
          "^\\{\"leafIndex\":(\\d+),\"leafHash\":\"([A-Za-z0-9+/=]+)\",\"event\":(.*)\\}$");

  private OfflineVerifier() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out) ? 0 : 1);
  }

  /** Runs the checks; true when all passed. Prints one line per check. */
  public static boolean run(String[] args, java.io.PrintStream out) throws IOException {
    List<String> keyTexts = trustedKeyTexts(args);
    String checkpointFile = option(args, "--checkpoint");
    if (keyTexts.isEmpty() || checkpointFile == null) {
      out.println(
          "usage: --key <verifier key> [--key <previous key> ...] [--keys <file>]"
              + " --checkpoint <signed tree head> [--export <jsonl>] [--inclusion <proof.json>]"
              + " [--old-checkpoint <file> --consistency <proof.json>]");
      return false;
    }
    TrustedKeys keys;
    try {
      keys = TrustedKeys.parse(keyTexts);
    } catch (IllegalArgumentException e) {
      out.println("FAIL keys: " + e.getMessage());
      return false;
    }
    boolean ok = true;
    Checkpoint head;
    try {
      TrustedKeys.Signed signed = keys.verify(Files.readString(Path.of(checkpointFile)));
      head = signed.checkpoint();
      out.println(
          "OK   signature by "
              + signed.signer().label()
              + ": tree size "
              + head.size()
              + ", root "
              + b64(head.rootHash()));
    } catch (RuntimeException e) {
      out.println("FAIL signature: " + e.getMessage());
      return false;
    }
    String export = option(args, "--export");
    if (export != null) {
      ok &= checkExport(Path.of(export), head, flag(args, "--filtered"), out);
    }
    String inclusion = option(args, "--inclusion");
    if (inclusion != null) {
      String proof = Files.readString(Path.of(inclusion));
      long leafIndex = number(proof, "leafIndex");
      long treeSize = number(proof, "treeSize");
      boolean valid =
          treeSize == head.size()
              && Rfc9162.verifyInclusion(
                  leafIndex,
                  treeSize,
                  Base64.getDecoder().decode(string(proof, "leafHash")),
                  hashes(proof, "path"),
                  head.rootHash());
      out.println(
          (valid ? "OK   " : "FAIL ")
              + "inclusion of leaf "
              + leafIndex
              + " in tree size "
              + treeSize);
      ok &= valid;
    }
    String consistency = option(args, "--consistency");
    if (consistency != null) {
      String oldFile = option(args, "--old-checkpoint");
      if (oldFile == null) {
        out.println("FAIL consistency: --old-checkpoint is required");
        return false;
      }
      Checkpoint old;
      try {
        old = keys.verify(Files.readString(Path.of(oldFile))).checkpoint();
      } catch (RuntimeException e) {
        out.println("FAIL signature of the old checkpoint: " + e.getMessage());
        return false;
      }
      String proof = Files.readString(Path.of(consistency));
      boolean valid =
          number(proof, "from") == old.size()
              && number(proof, "to") == head.size()
              && Rfc9162.verifyConsistency(
                  old.size(), head.size(), old.rootHash(), head.rootHash(), hashes(proof, "path"));
      out.println(
          (valid ? "OK   " : "FAIL ")
              + "consistency from size "
              + old.size()
              + " to "
              + head.size());
      ok &= valid;
    }
    return ok;
  }

  private static boolean checkExport(
      Path file, Checkpoint head, boolean filtered, java.io.PrintStream out) throws IOException {
    List<byte[]> leaves = new ArrayList<>();
    long expected = 0;
    boolean contiguous = true;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
          out.println("FAIL export: unreadable line " + (leaves.size() + 1));
          return false;
        }
        long index = Long.parseLong(m.group(1));
        byte[] leafHash = Base64.getDecoder().decode(m.group(2));
        String event = m.group(3);
        if (!event.equals("null")
            && !Arrays.equals(Rfc9162.leafHash(event.getBytes(StandardCharsets.UTF_8)), leafHash)) {
          out.println("FAIL export: the event of leaf " + index + " does not match its leaf hash");
          return false;
        }
        contiguous &= index == expected++;
        leaves.add(leafHash);
      }
    }
    if (filtered) {
      out.println(
          "OK   export (filtered): "
              + leaves.size()
              + " events match their leaf hashes; a"
              + " filtered export cannot prove completeness — check single events with --inclusion");
      return true;
    }
    if (!contiguous || leaves.size() < head.size()) {
      out.println(
          "FAIL export: it does not hold leaves 0.."
              + (head.size() - 1)
              + " without gaps"
              + " (events missing or reordered); pass --filtered for an export made with filters");
      return false;
    }
    byte[] root = Rfc9162.rootOf(leaves.subList(0, (int) head.size()));
    boolean valid = Arrays.equals(root, head.rootHash());
    out.println(
        (valid ? "OK   " : "FAIL ")
            + "export: the first "
            + head.size()
            + " events rebuild "
            + (valid ? "exactly the signed root" : "a different root"));
    return valid;
  }

  /** Every {@code --key} value and every key line of the {@code --keys} file. */
  private static List<String> trustedKeyTexts(String[] args) throws IOException {
    List<String> keys = new ArrayList<>(options(args, "--key"));
    String file = option(args, "--keys");
    if (file != null) {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        if (!line.isBlank() && !line.strip().startsWith("#")) {
          keys.add(line.strip());
        }
      }
    }
    return keys;
  }

  private static List<String> options(String[] args, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        values.add(args[i + 1]);
      }
    }
    return values;
  }

  private static String option(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }

  private static boolean flag(String[] args, String name) {
    for (String arg : args) {
      if (arg.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static long number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("missing " + name);
    }
    return Long.parseLong(m.group(1));
  }

  private static String string(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("missing " + name);
    }
    return m.group(1);
  }

  private static List<byte[]> hashes(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("missing " + name);
    }
    List<byte[]> out = new ArrayList<>();
    Matcher item = Pattern.compile("\"([A-Za-z0-9+/=]+)\"").matcher(m.group(1));
    while (item.find()) {
      out.add(Base64.getDecoder().decode(item.group(1)));
    }
    return out;
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
