package io.hutong.console.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The landing page after login: what this person can do here, by role. */
@Controller
class HomeController {

  @GetMapping("/")
  String home() {
    return "home";
  }
}
