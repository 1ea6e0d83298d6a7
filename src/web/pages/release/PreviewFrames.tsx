/** A page framed at desktop and phone widths, side by side on a wide screen: sandboxed, from a same-origin route. */
export function PreviewFrames({ src, kind, desktop, phone, desktopWidth }: { src: string; kind: string; desktop: string; phone: string; desktopWidth: number }) {
  return (
    <div class={`previews previews-${kind}`}>
      <figure class="preview preview-desktop">
        <figcaption safe>{desktop}</figcaption>
        <div class="preview-scroll">
          <iframe src={src} sandbox="" title={desktop} width={String(desktopWidth)} height="900"></iframe>
        </div>
      </figure>
      <figure class="preview preview-phone">
        <figcaption safe>{phone}</figcaption>
        <iframe src={src} sandbox="" title={phone} width="375" height="900"></iframe>
      </figure>
    </div>
  );
}
