// A stand-in for https://telegram.org/js/telegram-web-app.js, served in its place by the browser
// tests (Playwright's page.route), so that they run offline and can see what the page asks of
// Telegram. It behaves like the real script where the page can notice:
//
// * launch parameters come from the URL's hash, the way Telegram clients pass them
//   (tgWebAppData, tgWebAppVersion, tgWebAppPlatform, tgWebAppThemeParams), and are kept in
//   sessionStorage so that a reload keeps them;
// * themeParams become --tg-theme-* CSS variables on <html>, and colorScheme follows the
//   brightness of bg_color ("light" without a theme);
// * the client's events arrive through Telegram.WebView.receiveEvent(type, data), as from a
//   real client: tests press the MainButton with receiveEvent("main_button_pressed") and the
//   BackButton with receiveEvent("back_button_pressed");
// * what the page sends to the client goes through Telegram.WebView.postEvent; here every such
//   event is recorded in window.__telegramEvents, and haptic feedback also in window.__haptics
//   (e.g. {type: "notification", notification_type: "success"});
// * features newer than the launch version are refused with the same console warning (haptics
//   and the BackButton need 6.1), and invalid haptic styles throw the same errors.
(function () {
  "use strict";

  window.__telegramEvents = [];
  window.__haptics = [];

  function urlParseHashParams(hash) {
    const params = {};
    hash = hash.replace(/^#/, "");
    if (!hash.length) return params;
    if (hash.indexOf("=") < 0 && hash.indexOf("?") < 0) {
      params._path = decodeURIComponent(hash);
      return params;
    }
    for (const part of hash.split("&")) {
      const eq = part.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      params[key] = eq < 0 ? null : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, "%20"));
    }
    return params;
  }

  function urlParseQueryString(query) {
    const params = {};
    if (!query.length) return params;
    for (const part of query.split("&")) {
      const eq = part.indexOf("=");
      const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      params[key] = eq < 0 ? null : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, "%20"));
    }
    return params;
  }

  let initParams = {};
  try {
    initParams = JSON.parse(sessionStorage.getItem("__telegram__initParams")) || {};
  } catch (e) {
    initParams = {};
  }
  const fromHash = urlParseHashParams(location.hash);
  for (const key in fromHash) initParams[key] = fromHash[key];
  try {
    sessionStorage.setItem("__telegram__initParams", JSON.stringify(initParams));
  } catch (e) {
    /* storage may be unavailable */
  }

  const webAppVersion = initParams.tgWebAppVersion || "6.0";
  const webAppPlatform = initParams.tgWebAppPlatform || "unknown";

  function versionCompare(a, b) {
    const pa = String(a).split(".").map(Number);
    const pb = String(b).split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      const x = pa[i] || 0;
      const y = pb[i] || 0;
      if (x !== y) return x > y ? 1 : -1;
    }
    return 0;
  }
  function versionAtLeast(version) {
    return versionCompare(webAppVersion, version) >= 0;
  }

  // --- The client link -------------------------------------------------------------------

  const eventHandlers = {};

  function postEvent(eventType, callback, eventData) {
    window.__telegramEvents.push({ eventType: eventType, eventData: eventData || "" });
    if (callback) callback();
  }

  function receiveEvent(eventType, eventData) {
    const handlers = eventHandlers[eventType] || [];
    for (const handler of handlers.slice()) {
      try {
        handler(eventType, eventData);
      } catch (e) {
        console.error(e);
      }
    }
  }

  function onEvent(eventType, callback) {
    (eventHandlers[eventType] = eventHandlers[eventType] || []).push(callback);
  }
  function offEvent(eventType, callback) {
    const handlers = eventHandlers[eventType];
    if (!handlers) return;
    const index = handlers.indexOf(callback);
    if (index >= 0) handlers.splice(index, 1);
  }

  window.Telegram = window.Telegram || {};
  window.Telegram.WebView = {
    initParams: initParams,
    isIframe: false,
    onEvent: onEvent,
    offEvent: offEvent,
    postEvent: postEvent,
    receiveEvent: receiveEvent,
    callEventCallbacks: function (eventType, func) {
      for (const handler of eventHandlers[eventType] || []) func(handler);
    },
  };

  // --- WebApp ----------------------------------------------------------------------------

  const WebApp = {};
  const webAppEvents = {};
  const webAppInitData = initParams.tgWebAppData || "";
  const webAppInitDataUnsafe = {};
  if (webAppInitData.length) {
    const parsed = urlParseQueryString(webAppInitData);
    // As the real script: JSON objects and arrays parsed, everything else left a string.
    for (const key in parsed) {
      const value = parsed[key];
      webAppInitDataUnsafe[key] = value;
      try {
        if (
          (value.substr(0, 1) === "{" && value.substr(-1) === "}") ||
          (value.substr(0, 1) === "[" && value.substr(-1) === "]")
        ) {
          webAppInitDataUnsafe[key] = JSON.parse(value);
        }
      } catch (e) {
        /* left a string */
      }
    }
  }

  function onWebViewEvent(eventType, callback) {
    onEvent(eventType, callback);
  }
  function receiveWebViewEvent(eventType) {
    const args = Array.prototype.slice.call(arguments, 1);
    for (const handler of (webAppEvents[eventType] || []).slice()) {
      try {
        handler.apply(WebApp, args);
      } catch (e) {
        console.error(e);
      }
    }
  }

  function setCssProperty(name, value) {
    const root = document.documentElement;
    if (root && root.style && root.style.setProperty) root.style.setProperty("--tg-" + name, value);
  }

  function parseColorToHex(color) {
    color = String(color || "").trim();
    let match = /^#([0-9a-f]{6})$/i.exec(color);
    if (match) return "#" + match[1].toLowerCase();
    match = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
    if (match) {
      return ("#" + match[1] + match[1] + match[2] + match[2] + match[3] + match[3]).toLowerCase();
    }
    match = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*(\d+\.{0,1}\d*))?\)$/.exec(color);
    if (match) {
      const hex = [match[1], match[2], match[3]].map(function (n) {
        const h = Number(n).toString(16);
        return h.length === 1 ? "0" + h : h;
      });
      return "#" + hex.join("");
    }
    return false;
  }

  function isColorDark(rgb) {
    rgb = rgb.replace(/[\s#]/g, "");
    if (rgb.length === 3) rgb = rgb[0] + rgb[0] + rgb[1] + rgb[1] + rgb[2] + rgb[2];
    const r = parseInt(rgb.substr(0, 2), 16);
    const g = parseInt(rgb.substr(2, 2), 16);
    const b = parseInt(rgb.substr(4, 2), 16);
    const hsp = Math.sqrt(0.299 * (r * r) + 0.587 * (g * g) + 0.114 * (b * b));
    return hsp < 120;
  }

  let themeParams = {};
  let colorScheme = "light";

  function setThemeParams(params) {
    if (params.bg_color) {
      colorScheme = isColorDark(params.bg_color) ? "dark" : "light";
      setCssProperty("color-scheme", colorScheme);
    }
    themeParams = {};
    for (const key in params) {
      const color = parseColorToHex(params[key]);
      if (color) {
        themeParams[key] = color;
        setCssProperty("theme-" + key.split("_").join("-"), color);
      }
    }
  }

  if (initParams.tgWebAppThemeParams && initParams.tgWebAppThemeParams.length) {
    try {
      setThemeParams(JSON.parse(initParams.tgWebAppThemeParams));
    } catch (e) {
      /* an unreadable theme is ignored, as by the real script */
    }
  }

  function onThemeChanged(eventType, eventData) {
    if (eventData.theme_params) {
      setThemeParams(eventData.theme_params);
      receiveWebViewEvent("themeChanged");
    }
  }

  let viewportHeight = window.innerHeight;
  function setViewport() {
    viewportHeight = window.innerHeight;
    setCssProperty("viewport-height", viewportHeight + "px");
    setCssProperty("viewport-stable-height", viewportHeight + "px");
  }
  setViewport();

  let isExpanded = false;
  function onViewportChanged(eventType, eventData) {
    if (eventData.height) {
      window.removeEventListener("resize", setViewport);
      isExpanded = !!eventData.is_expanded;
      viewportHeight = eventData.height;
      setCssProperty("viewport-height", viewportHeight + "px");
      receiveWebViewEvent("viewportChanged", { isStateStable: !!eventData.is_state_stable });
    }
  }
  window.addEventListener("resize", setViewport);

  // --- BackButton ------------------------------------------------------------------------

  const BackButton = (function () {
    let isVisible = false;
    const backButton = {};
    Object.defineProperty(backButton, "isVisible", {
      set: function (value) {
        setParams({ is_visible: value });
      },
      get: function () {
        return isVisible;
      },
      enumerable: true,
    });

    let curButtonState = null;
    function buttonState() {
      return { is_visible: isVisible };
    }
    function updateBackButton() {
      const state = buttonState();
      const key = JSON.stringify(state);
      if (curButtonState === key) return;
      curButtonState = key;
      postEvent("web_app_setup_back_button", false, state);
    }
    function setParams(params) {
      if (!versionAtLeast("6.1")) {
        console.warn("[Telegram.WebApp] BackButton is not supported in version " + webAppVersion);
        return backButton;
      }
      if (typeof params.is_visible !== "undefined") isVisible = !!params.is_visible;
      updateBackButton();
      return backButton;
    }
    backButton.onClick = function (callback) {
      WebApp.onEvent("backButtonClicked", callback);
      return backButton;
    };
    backButton.offClick = function (callback) {
      WebApp.offEvent("backButtonClicked", callback);
      return backButton;
    };
    backButton.show = function () {
      return setParams({ is_visible: true });
    };
    backButton.hide = function () {
      return setParams({ is_visible: false });
    };
    return backButton;
  })();

  // --- MainButton ------------------------------------------------------------------------

  const MainButton = (function () {
    let isVisible = false;
    let isActive = true;
    let isProgressVisible = false;
    let buttonText = "Continue";
    let buttonColor = false;
    let buttonTextColor = false;
    const mainButton = {};

    Object.defineProperty(mainButton, "text", {
      set: function (value) {
        mainButton.setParams({ text: value });
      },
      get: function () {
        return buttonText;
      },
      enumerable: true,
    });
    Object.defineProperty(mainButton, "color", {
      set: function (value) {
        mainButton.setParams({ color: value });
      },
      get: function () {
        return buttonColor || themeParams.button_color || "#2481cc";
      },
      enumerable: true,
    });
    Object.defineProperty(mainButton, "textColor", {
      set: function (value) {
        mainButton.setParams({ text_color: value });
      },
      get: function () {
        return buttonTextColor || themeParams.button_text_color || "#ffffff";
      },
      enumerable: true,
    });
    Object.defineProperty(mainButton, "isVisible", {
      set: function (value) {
        mainButton.setParams({ is_visible: value });
      },
      get: function () {
        return isVisible;
      },
      enumerable: true,
    });
    Object.defineProperty(mainButton, "isProgressVisible", {
      get: function () {
        return isProgressVisible;
      },
      enumerable: true,
    });
    Object.defineProperty(mainButton, "isActive", {
      set: function (value) {
        mainButton.setParams({ is_active: value });
      },
      get: function () {
        return isActive;
      },
      enumerable: true,
    });

    let curButtonState = null;
    function buttonState() {
      const color = mainButton.color;
      const textColor = mainButton.textColor;
      return isVisible
        ? {
            is_visible: true,
            is_active: isActive,
            is_progress_visible: isProgressVisible,
            text: buttonText,
            color: color,
            text_color: textColor,
          }
        : { is_visible: false };
    }
    function updateButton() {
      const state = buttonState();
      const key = JSON.stringify(state);
      if (curButtonState === key) return;
      curButtonState = key;
      postEvent("web_app_setup_main_button", false, state);
    }

    function setParams(params) {
      if (typeof params.text !== "undefined") {
        const text = String(params.text).trim();
        if (!text.length) {
          console.error("[Telegram.WebApp] Main button text is required", params.text);
          throw Error("WebAppMainButtonParamInvalid");
        }
        if (text.length > 64) {
          console.error("[Telegram.WebApp] Main button text is too long", text);
          throw Error("WebAppMainButtonParamInvalid");
        }
        buttonText = text;
      }
      if (typeof params.color !== "undefined") {
        if (params.color === false || params.color === null) {
          buttonColor = false;
        } else {
          const color = parseColorToHex(params.color);
          if (!color) {
            console.error("[Telegram.WebApp] Main button color format is invalid", params.color);
            throw Error("WebAppMainButtonParamInvalid");
          }
          buttonColor = color;
        }
      }
      if (typeof params.text_color !== "undefined") {
        if (params.text_color === false || params.text_color === null) {
          buttonTextColor = false;
        } else {
          const textColor = parseColorToHex(params.text_color);
          if (!textColor) {
            console.error("[Telegram.WebApp] Main button text color format is invalid");
            throw Error("WebAppMainButtonParamInvalid");
          }
          buttonTextColor = textColor;
        }
      }
      if (typeof params.is_visible !== "undefined") {
        if (params.is_visible && !mainButton.text.length) {
          console.error("[Telegram.WebApp] Main button text is required");
          throw Error("WebAppMainButtonParamInvalid");
        }
        isVisible = !!params.is_visible;
      }
      if (typeof params.is_active !== "undefined") isActive = !!params.is_active;
      updateButton();
      return mainButton;
    }

    mainButton.setText = function (text) {
      return mainButton.setParams({ text: text });
    };
    mainButton.onClick = function (callback) {
      WebApp.onEvent("mainButtonClicked", callback);
      return mainButton;
    };
    mainButton.offClick = function (callback) {
      WebApp.offEvent("mainButtonClicked", callback);
      return mainButton;
    };
    mainButton.show = function () {
      return mainButton.setParams({ is_visible: true });
    };
    mainButton.hide = function () {
      return mainButton.setParams({ is_visible: false });
    };
    mainButton.enable = function () {
      return mainButton.setParams({ is_active: true });
    };
    mainButton.disable = function () {
      return mainButton.setParams({ is_active: false });
    };
    mainButton.showProgress = function (leaveActive) {
      isActive = !!leaveActive;
      isProgressVisible = true;
      updateButton();
      return mainButton;
    };
    mainButton.hideProgress = function () {
      if (!mainButton.isActive) isActive = true;
      isProgressVisible = false;
      updateButton();
      return mainButton;
    };
    mainButton.setParams = setParams;
    return mainButton;
  })();

  // --- HapticFeedback --------------------------------------------------------------------

  const HapticFeedback = (function () {
    const hapticFeedback = {};
    function triggerFeedback(params) {
      if (!versionAtLeast("6.1")) {
        console.warn(
          "[Telegram.WebApp] HapticFeedback is not supported in version " + webAppVersion,
        );
        return hapticFeedback;
      }
      if (params.type === "impact") {
        if (["light", "medium", "heavy", "rigid", "soft"].indexOf(params.impact_style) < 0) {
          console.error("[Telegram.WebApp] Haptic impact style is invalid", params.impact_style);
          throw Error("WebAppHapticImpactStyleInvalid");
        }
      } else if (params.type === "notification") {
        if (["error", "success", "warning"].indexOf(params.notification_type) < 0) {
          console.error(
            "[Telegram.WebApp] Haptic notification type is invalid",
            params.notification_type,
          );
          throw Error("WebAppHapticNotificationTypeInvalid");
        }
      } else if (params.type !== "selection_change") {
        console.error("[Telegram.WebApp] Haptic feedback type is invalid", params.type);
        throw Error("WebAppHapticFeedbackTypeInvalid");
      }
      window.__haptics.push(params);
      postEvent("web_app_trigger_haptic_feedback", false, params);
      return hapticFeedback;
    }
    hapticFeedback.impactOccurred = function (style) {
      return triggerFeedback({ type: "impact", impact_style: style });
    };
    hapticFeedback.notificationOccurred = function (type) {
      return triggerFeedback({ type: "notification", notification_type: type });
    };
    hapticFeedback.selectionChanged = function () {
      return triggerFeedback({ type: "selection_change" });
    };
    return hapticFeedback;
  })();

  // --- The WebApp object -----------------------------------------------------------------

  let headerColorKey = "bg_color";
  let backgroundColor = "bg_color";

  WebApp.initData = webAppInitData;
  WebApp.initDataUnsafe = webAppInitDataUnsafe;
  Object.defineProperty(WebApp, "version", {
    get: function () {
      return webAppVersion;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "platform", {
    get: function () {
      return webAppPlatform;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "colorScheme", {
    get: function () {
      return colorScheme;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "themeParams", {
    get: function () {
      return themeParams;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "isExpanded", {
    get: function () {
      return isExpanded;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "viewportHeight", {
    get: function () {
      return viewportHeight;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "viewportStableHeight", {
    get: function () {
      return viewportHeight;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "headerColor", {
    get: function () {
      return themeParams[headerColorKey] || headerColorKey;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "backgroundColor", {
    get: function () {
      return themeParams[backgroundColor] || backgroundColor;
    },
    enumerable: true,
  });
  Object.defineProperty(WebApp, "BackButton", { value: BackButton, enumerable: true });
  Object.defineProperty(WebApp, "MainButton", { value: MainButton, enumerable: true });
  Object.defineProperty(WebApp, "HapticFeedback", { value: HapticFeedback, enumerable: true });

  WebApp.isVersionAtLeast = versionAtLeast;
  WebApp.setHeaderColor = function (color) {
    if (!versionAtLeast("6.1")) {
      console.warn("[Telegram.WebApp] Header color is not supported in version " + webAppVersion);
      return;
    }
    if (color === "bg_color" || color === "secondary_bg_color") {
      headerColorKey = color;
      postEvent("web_app_set_header_color", false, { color_key: color });
      return;
    }
    const hex = parseColorToHex(color);
    if (!hex) {
      console.error("[Telegram.WebApp] Header color format is invalid", color);
      throw Error("WebAppHeaderColorInvalid");
    }
    headerColorKey = hex;
    postEvent("web_app_set_header_color", false, { color: hex });
  };
  WebApp.setBackgroundColor = function (color) {
    if (!versionAtLeast("6.1")) {
      console.warn(
        "[Telegram.WebApp] Background color is not supported in version " + webAppVersion,
      );
      return;
    }
    const hex =
      color === "bg_color" || color === "secondary_bg_color" ? color : parseColorToHex(color);
    if (!hex) {
      console.error("[Telegram.WebApp] Background color format is invalid", color);
      throw Error("WebAppBackgroundColorInvalid");
    }
    backgroundColor = hex;
    postEvent("web_app_set_background_color", false, {
      color: themeParams[hex] || hex,
    });
  };
  let isClosingConfirmationEnabled = false;
  Object.defineProperty(WebApp, "isClosingConfirmationEnabled", {
    get: function () {
      return isClosingConfirmationEnabled;
    },
    enumerable: true,
  });
  function setClosingConfirmation(needConfirmation) {
    if (!versionAtLeast("6.2")) {
      console.warn(
        "[Telegram.WebApp] Closing confirmation is not supported in version " + webAppVersion,
      );
      return;
    }
    isClosingConfirmationEnabled = !!needConfirmation;
    postEvent("web_app_setup_closing_behavior", false, {
      need_confirmation: isClosingConfirmationEnabled,
    });
  }
  WebApp.enableClosingConfirmation = function () {
    setClosingConfirmation(true);
  };
  WebApp.disableClosingConfirmation = function () {
    setClosingConfirmation(false);
  };

  let isVerticalSwipesEnabled = true;
  Object.defineProperty(WebApp, "isVerticalSwipesEnabled", {
    get: function () {
      return isVerticalSwipesEnabled;
    },
    enumerable: true,
  });
  function setVerticalSwipes(allowed) {
    if (!versionAtLeast("7.7")) {
      console.warn(
        "[Telegram.WebApp] Changing swipes behavior is not supported in version " + webAppVersion,
      );
      return;
    }
    isVerticalSwipesEnabled = !!allowed;
    postEvent("web_app_setup_swipe_behavior", false, {
      allow_vertical_swipe: isVerticalSwipesEnabled,
    });
  }
  WebApp.enableVerticalSwipes = function () {
    setVerticalSwipes(true);
  };
  WebApp.disableVerticalSwipes = function () {
    setVerticalSwipes(false);
  };

  WebApp.onEvent = function (eventType, callback) {
    if (typeof callback !== "function") return;
    (webAppEvents[eventType] = webAppEvents[eventType] || []).push(callback);
  };
  WebApp.offEvent = function (eventType, callback) {
    const handlers = webAppEvents[eventType];
    if (!handlers) return;
    const index = handlers.indexOf(callback);
    if (index >= 0) handlers.splice(index, 1);
  };
  WebApp.sendData = function (data) {
    postEvent("web_app_data_send", false, { data: String(data) });
  };
  WebApp.openLink = function (url) {
    postEvent("web_app_open_link", false, { url: String(url) });
  };
  WebApp.ready = function () {
    postEvent("web_app_ready");
  };
  WebApp.expand = function () {
    postEvent("web_app_expand");
  };
  WebApp.close = function () {
    postEvent("web_app_close");
  };

  window.Telegram.WebApp = WebApp;

  onWebViewEvent("main_button_pressed", function () {
    receiveWebViewEvent("mainButtonClicked");
  });
  onWebViewEvent("back_button_pressed", function () {
    receiveWebViewEvent("backButtonClicked");
  });
  onWebViewEvent("theme_changed", onThemeChanged);
  onWebViewEvent("viewport_changed", onViewportChanged);

  postEvent("web_app_request_theme");
  postEvent("web_app_request_viewport");
})();
