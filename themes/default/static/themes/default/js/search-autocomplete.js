/* Title suggestions for search boxes (progressive enhancement: the form works without it).
   Suggestions come from the site's own /tim-kiem/goi-y/ endpoint and fill a native <datalist>,
   which browsers and screen readers already know how to present. No inline code (CSP). */
(function () {
    "use strict";
    var DELAY_MS = 200;

    function enhance(input) {
        var list = document.createElement("datalist");
        var timer = null;
        var controller = null;
        list.id = input.id + "-suggestions";
        input.insertAdjacentElement("afterend", list);
        input.setAttribute("list", list.id);
        input.setAttribute("autocomplete", "off");

        function show(results) {
            while (list.firstChild) {
                list.removeChild(list.firstChild);
            }
            results.forEach(function (item) {
                var option = document.createElement("option");
                option.value = item.title;
                list.appendChild(option);
            });
        }

        input.addEventListener("input", function () {
            var query = input.value.trim();
            window.clearTimeout(timer);
            if (query.length < 2) {
                show([]);
                return;
            }
            timer = window.setTimeout(function () {
                if (controller) {
                    controller.abort();
                }
                controller = new AbortController();
                fetch(input.getAttribute("data-autocomplete-url") + "?q=" + encodeURIComponent(query), {
                    headers: { Accept: "application/json" },
                    signal: controller.signal
                })
                    .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                    .then(function (data) { show(data.results || []); })
                    .catch(function () { /* offline or aborted: the plain form still works */ });
            }, DELAY_MS);
        });
    }

    Array.prototype.forEach.call(document.querySelectorAll("input[data-autocomplete-url]"), enhance);
})();
