package io.hutong.gateway.security;

/**
 * Tokens the gateway has already accepted and still trusts. Lets checks that run before
 * authentication tell a known caller from a stranger without verifying anything.
 */
public interface AcceptedTokens {

  /** True if {@code token} was accepted and is still trusted; false for null. */
  boolean accepted(String token);
}
