import type { Component } from 'svelte';
import type { StepId } from '$lib/backend';
import ActivationStep from './ActivationStep.svelte';
import ApiAccessStep from './ApiAccessStep.svelte';
import FeedUrlStep from './FeedUrlStep.svelte';
import FindFeedStep from './FindFeedStep.svelte';
import InstructionsStep from './InstructionsStep.svelte';
import IntegrationFormStep from './IntegrationFormStep.svelte';
import PanelSettingsStep from './PanelSettingsStep.svelte';
import PlatformStep from './PlatformStep.svelte';
import ServiceUserStep from './ServiceUserStep.svelte';
import StoreIdStep from './StoreIdStep.svelte';
import TokenStep from './TokenStep.svelte';
import type { StepProps } from './types';

/** The page component of each wizard step. Steps without their own page yet show instructions. */
export function stepComponent(id: StepId): Component<StepProps> {
  switch (id) {
    case 'store_id':
      return StoreIdStep;
    case 'api_access':
      return ApiAccessStep;
    case 'service_user':
      return ServiceUserStep;
    case 'token':
      return TokenStep;
    case 'find_feed':
      return FindFeedStep;
    case 'feed_url':
      return FeedUrlStep;
    case 'panel_settings':
      return PanelSettingsStep;
    case 'platform':
      return PlatformStep;
    case 'integration_form':
      return IntegrationFormStep;
    case 'activation':
      return ActivationStep;
    default:
      return InstructionsStep;
  }
}
