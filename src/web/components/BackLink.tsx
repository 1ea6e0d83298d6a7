/** The way back from a page to the one it belongs to, as a paragraph of its own. */
export function BackLink(props: { href: string; label: string }) {
  return (
    <p>
      <a href={props.href} safe>
        {props.label}
      </a>
    </p>
  );
}
