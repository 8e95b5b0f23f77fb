import { Anchor, type AnchorProps, NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import type { ComponentPropsWithRef } from 'react';

// Mantine look, TanStack Router behaviour (typed `to`, client navigation, preload on intent,
// aria-current on the active link). Pattern from the TanStack Router "custom link" guide.

type AnchorElementProps = Omit<AnchorProps, 'href'> & ComponentPropsWithRef<'a'>;

function MantineAnchor(props: AnchorElementProps) {
  return <Anchor {...props} />;
}

type NavLinkElementProps = Omit<NavLinkProps, 'href'> & ComponentPropsWithRef<'a'>;

function MantineNavLink(props: NavLinkElementProps) {
  return <NavLink {...props} />;
}

const CreatedAnchorLink = createLink(MantineAnchor);
const CreatedNavLink = createLink(MantineNavLink);

/** An in-app text link. For full-page navigation (e.g. /api/docs) use a plain Mantine <Anchor href>. */
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchorLink {...props} />;

/** A navigation entry for the side bar; `active` marks the current page. */
export const RouterNavLink: LinkComponent<typeof MantineNavLink> = (props) => <CreatedNavLink {...props} />;
