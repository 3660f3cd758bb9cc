package io.hutong.gateway.edge;

import io.hutong.gateway.audit.GatewayAudit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Puts {@link EdgeProblems} into every connection's pipeline, right after Netty's HTTP codec: the
 * one place that sees each request before Reactor Netty answers a decoding failure on its own (with
 * an empty body) and before Spring parses the request target.
 */
@Configuration
class EdgeConfiguration {

  static final String HANDLER = "hutong.edgeProblems";

  @Bean
  NettyServerCustomizer edgeProblems(HeaderLimits limits, GatewayAudit audit) {
    EdgeRules rules = new EdgeRules(limits);
    return server ->
        server.doOnChannelInit(
            (observer, channel, remote) -> {
              if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel
                    .pipeline()
                    .addAfter(NettyPipeline.HttpCodec, HANDLER, new EdgeProblems(rules, audit));
              }
            });
  }
}
