"""Survey pages, thin: parse the request, call a service, render. By who uses them: `index`
(everyone), `answering` (staff answer; hr previews and reminds), `building` (hr builds and
opens), `results` (results, exports, follow-up actions). Their URLs are in surveys.blueprint."""
