"""The playground page's static files (index.html, app.js, style.css), shipped with the package."""
