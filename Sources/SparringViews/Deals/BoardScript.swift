/// Drag-and-drop between board columns: progressive enhancement only. Without JavaScript a card is a
/// link to the deal page, whose stage form does the same move. A drop posts that very form (with the
/// page's CSRF token and the card's version) and reloads, so a stale card gets the server's conflict.
public enum BoardScript {
    public static let source = #"""
        (function () {
          "use strict";
          var board = document.querySelector("[data-board]");
          var token = document.querySelector("input[name=csrfToken]");
          if (!board || !token || !window.fetch) { return; }
          var dragged = null;
          var message = document.getElementById("board-message");
          function refused(text) {
            if (!message) { return; }
            message.querySelector(".board-message-text").textContent = text;
            message.hidden = false;
            message.focus();
          }
          board.querySelectorAll(".deal-card").forEach(function (card) {
            card.setAttribute("draggable", "true");
            card.addEventListener("dragstart", function (event) {
              dragged = card;
              event.dataTransfer.setData("text/plain", card.getAttribute("data-deal"));
              card.classList.add("dragging");
            });
            card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
          });
          board.querySelectorAll(".column").forEach(function (column) {
            column.addEventListener("dragover", function (event) { event.preventDefault(); column.classList.add("drop"); });
            column.addEventListener("dragleave", function () { column.classList.remove("drop"); });
            column.addEventListener("drop", function (event) {
              event.preventDefault();
              column.classList.remove("drop");
              if (!dragged || dragged.closest(".column") === column) { return; }
              var body = new URLSearchParams();
              body.set("csrfToken", token.value);
              body.set("stageID", column.getAttribute("data-stage"));
              body.set("version", dragged.getAttribute("data-version"));
              // A move that was saved answers with a redirect; any other answer was refused: say so,
              // with the page's own reason when it gave one, and leave the card where it was.
              fetch("/deals/" + dragged.getAttribute("data-deal") + "/stage", {
                method: "POST", body: body, credentials: "same-origin", redirect: "manual"
              }).then(function (response) {
                if (response.type === "opaqueredirect" || (response.status >= 200 && response.status < 400)) {
                  window.location.reload();
                  return;
                }
                if (response.status === 409) { return refused(message.getAttribute("data-conflict")); }
                return response.text().then(function (html) {
                  var page = new DOMParser().parseFromString(html, "text/html");
                  var reason = page.querySelector(".error-summary li");
                  refused(message.getAttribute("data-failed") + (reason ? " " + reason.textContent : ""));
                });
              }).catch(function () { refused(message.getAttribute("data-failed")); });
            });
          });
        })();
        """#
}
