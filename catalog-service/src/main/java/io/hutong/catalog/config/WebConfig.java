package io.hutong.catalog.config;

import io.hutong.catalog.audit.CallContexts;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires call contexts (identity, request id, audit) into Spring MVC. */
@Configuration
class WebConfig implements WebMvcConfigurer {

  private final CallContexts callContexts;

  WebConfig(CallContexts callContexts) {
    this.callContexts = callContexts;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(callContexts).addPathPatterns("/api/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(callContexts);
  }
}
