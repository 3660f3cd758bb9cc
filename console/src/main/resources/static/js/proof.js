/*
 * In-browser verification of one audit event, so that the auditor's browser — not the server —
 * says whether the event is in the signed log:
 *   1. the event's leaf hash is recomputed: SHA-256(0x00 || RFC 8785 JCS(event));
 *   2. the inclusion proof (RFC 9162 section 2.1.3.2) leads from that leaf to a root;
 *   3. that root and tree size are the ones in the signed checkpoint (C2SP tlog-checkpoint);
 *   4. the checkpoint's Ed25519 signature verifies (WebCrypto) with a key the log trusts, whose key
 *      id is recomputed here too.
 * The page holds the event as editable JSON: change any value and the verdict turns to
 * "not verified".
 */
(function () {
  "use strict";

  const encoder = new TextEncoder();

  /** RFC 8785 canonical JSON of a parsed JSON value (ECMAScript serialisation, sorted keys). */
  function jcs(value) {
    if (value === null || typeof value !== "object") {
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) {
      return "[" + value.map(jcs).join(",") + "]";
    }
    return (
      "{" +
      Object.keys(value)
        .sort()
        .map((key) => JSON.stringify(key) + ":" + jcs(value[key]))
        .join(",") +
      "}"
    );
  }

  function concat(...parts) {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  function fromBase64(text) {
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      out[i] = binary.charCodeAt(i);
    }
    return out;
  }

  function toHex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function equal(a, b) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
  }

  async function leafHash(event) {
    return sha256(concat(new Uint8Array([0]), encoder.encode(jcs(event))));
  }

  /** The root an RFC 9162 inclusion proof leads to from {@code leaf}, or null if malformed. */
  async function rootFromInclusion(leafIndex, treeSize, leaf, path) {
    if (leafIndex >= treeSize) {
      return null;
    }
    let fn = leafIndex;
    let sn = treeSize - 1;
    let r = leaf;
    for (const p of path) {
      if (sn === 0) {
        return null;
      }
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(new Uint8Array([1]), p, r));
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = await sha256(concat(new Uint8Array([1]), r, p));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 ? r : null;
  }

  /** Splits a C2SP signed note into its body and its signatures ({name, keyId, signature}). */
  function parseNote(note) {
    const split = note.indexOf("\n\n");
    if (split < 0) {
      throw new Error("checkpoint has no signature block");
    }
    const body = note.slice(0, split + 1);
    const signatures = note
      .slice(split + 2)
      .split("\n")
      .filter((line) => line.startsWith("\u2014 "))
      .map((line) => {
        const [name, blob] = line.slice(2).split(" ");
        const bytes = fromBase64(blob);
        return { name, keyId: toHex(bytes.slice(0, 4)), signature: bytes.slice(4) };
      });
    const lines = body.split("\n");
    return {
      body,
      origin: lines[0],
      size: Number(lines[1]),
      root: fromBase64(lines[2]),
      signatures,
    };
  }

  /** Parses {@code name+hexid+base64(0x01||key)}, recomputing the id from name and key. */
  async function parseVerifierKey(text) {
    // Base64 has '+' too: only the first two separate the parts.
    const first = text.indexOf("+");
    const second = text.indexOf("+", first + 1);
    const name = text.slice(0, first);
    const id = text.slice(first + 1, second);
    const typed = text.slice(second + 1);
    const bytes = fromBase64(typed);
    if (bytes.length !== 33 || bytes[0] !== 1) {
      throw new Error("not an Ed25519 verifier key: " + name);
    }
    const computed = (await sha256(concat(encoder.encode(name + "\n"), bytes))).slice(0, 4);
    if (toHex(computed) !== id.toLowerCase()) {
      throw new Error("verifier key id does not match its name and key: " + name);
    }
    return { name, keyId: id.toLowerCase(), publicKey: bytes.slice(1) };
  }

  async function signatureVerifies(publicKey, signature, message) {
    const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, [
      "verify",
    ]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
  }

  /**
   * Verifies {@code event} against {@code evidence} = {proof, treeHead, signingKeys} as the audit
   * API returns them. Resolves to {verified, reason, keyId, treeSize, leafHash}.
   */
  async function verify(event, evidence) {
    const leaf = await leafHash(event);
    const proof = evidence.proof;
    const result = { verified: false, leafHash: toHex(leaf), treeSize: proof.treeSize };
    if (!equal(leaf, fromBase64(proof.leafHash))) {
      return { ...result, reason: "leaf" };
    }
    const root = await rootFromInclusion(
      proof.leafIndex,
      proof.treeSize,
      leaf,
      proof.path.map(fromBase64),
    );
    const note = parseNote(evidence.treeHead.checkpoint);
    if (root === null || note.size !== proof.treeSize || !equal(root, note.root)) {
      return { ...result, reason: "inclusion" };
    }
    const trusted = [];
    for (const key of evidence.signingKeys.keys) {
      trusted.push(await parseVerifierKey(key.verifierKey));
    }
    for (const signature of note.signatures) {
      const key = trusted.find((k) => k.name === signature.name && k.keyId === signature.keyId);
      if (key && (await signatureVerifies(key.publicKey, signature.signature, encoder.encode(note.body)))) {
        return { ...result, verified: true, keyId: key.keyId };
      }
    }
    return { ...result, reason: "signature" };
  }

  window.HutongProof = { jcs, leafHash, rootFromInclusion, parseNote, parseVerifierKey, verify };

  /** Wires the event page: verify on load, and again whenever the auditor asks. */
  function wire() {
    const panel = document.getElementById("proof-panel");
    if (!panel) {
      return;
    }
    const input = document.getElementById("event-json");
    const output = document.getElementById("proof-result");
    const button = document.getElementById("verify");
    let evidence = null;
    const say = (state, text) => {
      output.dataset.state = state;
      output.textContent = text;
    };
    const run = async () => {
      say("checking", panel.dataset.msgChecking);
      try {
        if (evidence === null) {
          const response = await fetch(panel.dataset.evidenceUrl, {
            headers: { Accept: "application/json" },
            credentials: "same-origin",
          });
          if (!response.ok) {
            throw new Error("evidence " + response.status);
          }
          evidence = await response.json();
        }
        const outcome = await verify(JSON.parse(input.value), evidence);
        if (outcome.verified) {
          say("verified", panel.dataset.msgVerified.replace("{0}", outcome.treeSize).replace("{1}", outcome.keyId));
        } else {
          say("failed", panel.dataset.msgFailed + " (" + panel.dataset["msgReason" + outcome.reason[0].toUpperCase() + outcome.reason.slice(1)] + ")");
        }
      } catch (e) {
        say("failed", panel.dataset.msgFailed + " (" + e.message + ")");
      }
    };
    button.addEventListener("click", run);
    run();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
