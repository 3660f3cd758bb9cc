package io.hutong.gateway.routing;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Moves request bodies in large pieces. Publish batches are tens to hundreds of kilobytes; read and
 * forwarded in Netty's default 8 KiB chunks, each batch became a dozen small writes to the service,
 * each waking the service's reader, which cost the service more CPU than the gateway itself.
 */
@Configuration
class NettyTuning {

  private static final int MIN = 1024;
  private static final int INITIAL = 16 * 1024;
  private static final int MAX = 256 * 1024;

  @Bean
  NettyServerCustomizer largeServerReads() {
    return server ->
        server
            .childOption(
                ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(MIN, INITIAL, MAX))
            .httpRequestDecoder(decoder -> decoder.maxChunkSize(MAX));
  }

  @Bean
  HttpClientCustomizer largeClientReads() {
    return client ->
        client
            .option(
                ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(MIN, INITIAL, MAX))
            .httpResponseDecoder(decoder -> decoder.maxChunkSize(MAX));
  }
}
