/* trialsite: whole and inflected words find their pages in Material's search (issue 6).
   Material appends "*" to every query word, and lunr skips stemming for wildcard words, so
   against a stemmed index "lupus" (indexed as "lupu") or "immunosuppresseurs" (indexed as
   "immunosuppresseur") found nothing. Each plain word is sent twice: "word^" (no wildcard, so
   lunr stems it like the index) and "word" (Material's prefix match, for half-typed words).
   Runs before Material's bundle creates its search worker. */
(function () {
  "use strict";
  var QUERY = 2; /* Material's SearchMessageType.QUERY */
  var WORD = /^[\p{L}\p{N}]+$/u;

  function expand(query) {
    return query.split(/[\s\-'’]+/).map(function (word) {
      return WORD.test(word) ? word + "^ " + word : word;
    }).join(" ").trim();
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string") {
      args[0] = { type: QUERY, data: expand(message.data) };
    }
    return post.apply(this, args);
  };
})();
